package loaders

import (
	"fmt"
	"io/fs"
	"os"
)

// specialEntry decides about a folder entry that is neither a regular
// file nor a folder. A symbolic link to a regular file is followed (a
// corpus assembled from links is read like a copied one). Everything else
// is skipped with an error wrapping ErrSkipped: a link to a folder (it
// could loop, and the walk stays inside the folder it was given), a broken
// link, and named pipes, sockets and devices, whose reads could block for
// ever or never end.
func specialEntry(path string, d fs.DirEntry) (follow bool, err error) {
	t := d.Type()
	switch {
	case t&fs.ModeSymlink != 0:
		info, err := os.Stat(path)
		switch {
		case err != nil:
			return false, fmt.Errorf("%w: a broken symbolic link", ErrSkipped)
		case info.Mode().IsRegular():
			return true, nil
		case info.IsDir():
			return false, fmt.Errorf("%w: a symbolic link to a folder (links to folders are not followed)", ErrSkipped)
		}
		return false, fmt.Errorf("%w: a symbolic link to %s, not to a file", ErrSkipped, kindOf(info.Mode()))
	}
	return false, fmt.Errorf("%w: %s, not a file", ErrSkipped, kindOf(t))
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "a special file"
}
