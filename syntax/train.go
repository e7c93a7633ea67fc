package syntax

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// TrainConfig says what Train reads and writes and how long it trains.
type TrainConfig struct {
	// UDDir holds en_ewt-ud-{train,dev,test}.conllu or {train,dev,test}.conllu.
	UDDir string
	// OutDir receives ModelFile.
	OutDir string
	// TaggerEpochs and ParserEpochs are passes over the training set.
	TaggerEpochs, ParserEpochs int
	// Folds is the number of jackknife folds tagging the parser's training
	// data, so it learns from tags as noisy as at run time; below 2 the
	// final tagger tags its own training data.
	Folds int
	// Seed fixes the shuffling, so a run is reproducible.
	Seed uint64
	// ParserRuns is how many parsers are trained, with seeds Seed,
	// Seed+1, ... (different shuffling and exploration), and averaged
	// into one model; below 2, one.
	ParserRuns int
	// PruneTagger and PruneParser drop averaged weights below these
	// magnitudes (in perceptron update units) from the written model.
	PruneTagger, PruneParser float32
	Log                      *slog.Logger
}

// DefaultTrainConfig is the configuration the embedded model was trained
// with.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{TaggerEpochs: 8, ParserEpochs: 8, Folds: 2, Seed: 1, ParserRuns: 1, PruneTagger: 0.1, PruneParser: 1}
}

// TrainResult is what Train made.
type TrainResult struct {
	Path     string
	Bytes    int64
	Test     Scores
	Duration time.Duration
}

func udFile(dir, split string) (string, error) {
	for _, name := range []string{"en_ewt-ud-" + split + ".conllu", split + ".conllu"} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("syntax: no %s.conllu in %s", split, dir)
}

// Train trains the tagger and parser on the treebank's train split,
// reporting dev accuracy per epoch, writes the model to OutDir and scores
// it on the test split.
func Train(ctx context.Context, cfg TrainConfig) (*TrainResult, error) {
	start := time.Now()
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	read := func(split string) ([]Sentence, error) {
		p, err := udFile(cfg.UDDir, split)
		if err != nil {
			return nil, err
		}
		return ReadCoNLLUFile(p)
	}
	train, err := read("train")
	if err != nil {
		return nil, err
	}
	dev, err := read("dev")
	if err != nil {
		return nil, err
	}
	test, err := read("test")
	if err != nil {
		return nil, err
	}
	log.Info("treebank read", "dir", cfg.UDDir, "train", len(train), "dev", len(dev), "test", len(test))

	// Jackknifed tags for the parser's training data.
	uposTags, xposTags := tagSet(train, uposOf), tagSet(train, xposOf)
	trainUPOS := make([][]int, len(train))
	trainXPOS := make([][]int, len(train))
	if cfg.Folds >= 2 {
		for fold := 0; fold < cfg.Folds; fold++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			var rest []Sentence
			for i, s := range train {
				if i%cfg.Folds != fold {
					rest = append(rest, s)
				}
			}
			t := trainTagger(rest, uposTags, xposTags, cfg.TaggerEpochs, cfg.Seed+uint64(fold)+1, nil)
			for i, s := range train {
				if i%cfg.Folds == fold {
					trainUPOS[i], trainXPOS[i] = t.tag(forms(s))
				}
			}
			log.Info("jackknife fold tagged", "fold", fold+1, "of", cfg.Folds)
		}
	}
	final := trainTagger(train, uposTags, xposTags, cfg.TaggerEpochs, cfg.Seed, func(epoch int, l *tagLayer) {
		log.Info("tagger epoch", "epoch", epoch, "dev_upos", fmt.Sprintf("%.2f", l.accuracy(dev, uposOf)))
	})
	log.Info("tagger trained", "dev_xpos", fmt.Sprintf("%.2f", final.xposAccuracy(dev)))
	for i, s := range train {
		if trainUPOS[i] == nil {
			trainUPOS[i], trainXPOS[i] = final.tag(forms(s))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ps, err := trainParsers(ctx, cfg, train, trainUPOS, trainXPOS, verbClass(uposTags), func(run, epoch int, p *parser) {
		m := &Model{tagger: final, parser: p}
		sc := m.Evaluate(dev)
		log.Info("parser epoch", "run", run, "epoch", epoch, "dev_uas", fmt.Sprintf("%.2f", sc.UAS), "dev_las", fmt.Sprintf("%.2f", sc.LAS))
	})
	if err != nil {
		return nil, err
	}
	if cfg.ParserRuns > 1 {
		sc := (&Model{tagger: final, parser: ps}).Evaluate(dev)
		log.Info("parsers averaged", "runs", cfg.ParserRuns, "dev_uas", fmt.Sprintf("%.2f", sc.UAS), "dev_las", fmt.Sprintf("%.2f", sc.LAS))
	}
	// What pruning costs, on the first 500 dev sentences (a quick look
	// for choosing PruneParser).
	devHead := dev[:min(500, len(dev))]
	for _, th := range []float32{0.5, 1, 2} {
		pp := &parser{labels: ps.labels, root: ps.root, verb: ps.verb, model: ps.model.pruned(th)}
		sc := (&Model{tagger: final, parser: pp}).Evaluate(devHead)
		f, e := pp.model.size()
		log.Info("parser pruning", "min_weight", th, "features", f, "weights", e, "dev_uas", fmt.Sprintf("%.2f", sc.UAS), "dev_las", fmt.Sprintf("%.2f", sc.LAS))
	}
	final.upos.model = final.upos.model.pruned(cfg.PruneTagger)
	final.xpos.model = final.xpos.model.pruned(cfg.PruneTagger)
	ps.model = ps.model.pruned(cfg.PruneParser)
	m := &Model{tagger: final, parser: ps}
	path, err := m.writeFile(cfg.OutDir)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("syntax: %w", err)
	}
	// Score the model as written, quantisation included.
	written, err := LoadFile(path)
	if err != nil {
		return nil, err
	}
	res := &TrainResult{Path: path, Bytes: fi.Size(), Test: written.Evaluate(test)}
	res.Duration = time.Since(start)
	return res, nil
}

// trainParsers trains cfg.ParserRuns parsers at once, one goroutine
// each (each has its own seed and state, so the result does not depend
// on scheduling), and averages their weights.
func trainParsers(ctx context.Context, cfg TrainConfig, train []Sentence, upos, xpos [][]int, verb int, onEpoch func(run, epoch int, p *parser)) (*parser, error) {
	runs := max(cfg.ParserRuns, 1)
	ps := make([]*parser, runs)
	errs := make([]error, runs)
	var wg sync.WaitGroup
	for r := range runs {
		// Runs after the first also start from a shuffled order: the
		// first epoch does not explore, so in the training order alone
		// every run would learn the same first epoch.
		sents, u, x := train, upos, xpos
		if r > 0 {
			seed := cfg.Seed + uint64(r)
			perm := rand.New(rand.NewPCG(seed, seed^0x6f72646572)).Perm(len(train))
			sents, u, x = make([]Sentence, len(train)), make([][]int, len(train)), make([][]int, len(train))
			for i, j := range perm {
				sents[i], u[i], x[i] = train[j], upos[j], xpos[j]
			}
		}
		wg.Go(func() {
			ps[r], errs[r] = trainParser(ctx, sents, u, x, verb, cfg.ParserEpochs, cfg.Seed+uint64(r), func(epoch int, p *parser) {
				onEpoch(r+1, epoch, p)
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	ms := make([]*weights, runs)
	for r, p := range ps {
		ms[r] = p.model
	}
	out := *ps[0]
	out.model = meanWeights(ms)
	return &out, nil
}

func forms(s Sentence) []string {
	out := make([]string, len(s.Words))
	for i, w := range s.Words {
		out[i] = w.Form
	}
	return out
}

func indexOf(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = i
	}
	return m
}

// accuracy is a layer's accuracy on gold-tokenised sentences, tagging
// each on its own (the UPOS layer needs no other).
func (l *tagLayer) accuracy(sents []Sentence, column func(Word) string) float64 {
	right, total := 0, 0
	for _, s := range sents {
		f := forms(s)
		tags := l.names(l.run(newTagContext(f), f, nil))
		for i, w := range s.Words {
			total++
			if tags[i] == column(w) {
				right++
			}
		}
	}
	return percent(right, total)
}

// xposAccuracy is the XPOS accuracy of both layers on gold-tokenised
// sentences.
func (t *tagger) xposAccuracy(sents []Sentence) float64 {
	right, total := 0, 0
	for _, s := range sents {
		_, xpos := t.tag(forms(s))
		tags := t.xpos.names(xpos)
		for i, w := range s.Words {
			total++
			if tags[i] == w.XPOS {
				right++
			}
		}
	}
	return percent(right, total)
}

func percent(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}

// verbClass is the class number of the VERB tag, -1 if the tag set lacks it.
func verbClass(uposTags []string) int {
	for i, t := range uposTags {
		if t == "VERB" {
			return i
		}
	}
	return -1
}
