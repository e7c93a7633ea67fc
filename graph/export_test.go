package graph

import "context"

// SideDump returns every key of the store's side buckets with its value,
// keyed by bucket+"\x00"+key, for tests that compare two stores' indexes.
func SideDump(ctx context.Context, s *Store) (map[string]string, error) {
	out := map[string]string{}
	buckets := []string{sideMetaBucket}
	for _, ix := range s.indexers {
		buckets = append(buckets, ix.Buckets()...)
	}
	for _, b := range buckets {
		err := s.SideScan(ctx, b, nil, nil, func(k, v []byte) bool {
			out[b+"\x00"+string(k)] = string(v)
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetSideFlushChunk sets the bytes of one flush transaction of the store's
// bulk write (BeginBulk first), so that tests flush in many.
func SetSideFlushChunk(s *Store, n int) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.sideBuf.chunk = n
}
