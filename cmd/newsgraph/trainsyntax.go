package main

import (
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/syntax"
)

func newTrainSyntaxCmd(a *app) *cobra.Command {
	cfg := syntax.DefaultTrainConfig()
	cmd := &cobra.Command{
		Use:   "train-syntax --ud DIR --out DIR",
		Short: "Train the POS tagger and dependency parser from a Universal Dependencies treebank",
		Long: `Train the syntax package's UPOS tagger and labelled dependency parser on the
train split of a Universal Dependencies treebank (English EWT), printing dev
accuracy per epoch, write the model to OUT/` + syntax.ModelFile + `, and print its
accuracy on the test split with gold tokenisation and predicted tags
(punctuation included). Training is deterministic for a given --seed; the
--parser-runs parsers train in parallel (one core each if GOMAXPROCS allows) and
are averaged into one model, the same bytes whatever GOMAXPROCS is. Rebuild
newsgraph afterwards to embed a model written to syntax/model.`,
		Example: `  newsgraph train-syntax --ud ../shared/ud/en_ewt --out syntax/model`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.UDDir == "" || cfg.OutDir == "" {
				return usagef("--ud DIR and --out DIR are required")
			}
			if cfg.TaggerEpochs <= 0 || cfg.ParserEpochs <= 0 {
				return usagef("epochs: want positive numbers")
			}
			// Progress is what this command is for, so it logs at info
			// level whatever --verbose says.
			cfg.Log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
			res, err := syntax.Train(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "model %s: %.1f MB, trained in %s\n", res.Path, float64(res.Bytes)/1e6, res.Duration.Round(1e9))
			fmt.Fprintf(a.stdout, "en_ewt test (gold tokenisation, predicted tags, punctuation included): %d sentences, %d words\n", res.Test.Sentences, res.Test.Words)
			fmt.Fprintf(a.stdout, "| UPOS | UAS | LAS |\n|---|---|---|\n| %.2f | %.2f | %.2f |\n", res.Test.UPOS, res.Test.UAS, res.Test.LAS)
			return nil
		},
	}
	cmd.Flags().StringVar(&cfg.UDDir, "ud", "", "folder with the treebank's train, dev and test .conllu files")
	cmd.Flags().StringVar(&cfg.OutDir, "out", "", "folder to write "+syntax.ModelFile+" to (created)")
	cmd.Flags().IntVar(&cfg.TaggerEpochs, "tagger-epochs", cfg.TaggerEpochs, "passes over the training set for the tagger")
	cmd.Flags().IntVar(&cfg.ParserEpochs, "parser-epochs", cfg.ParserEpochs, "passes over the training set for the parser")
	cmd.Flags().IntVar(&cfg.Folds, "folds", cfg.Folds, "jackknife folds tagging the parser's training data (below 2: none)")
	cmd.Flags().IntVar(&cfg.ParserRuns, "parser-runs", cfg.ParserRuns, "parsers trained with seeds seed, seed+1, ... and averaged into one (1: a single parser)")
	cmd.Flags().Uint64Var(&cfg.Seed, "seed", cfg.Seed, "shuffling seed; the same seed gives the same model")
	cmd.Flags().Float32Var(&cfg.PruneParser, "prune-parser", cfg.PruneParser, "drop averaged parser weights smaller than this (smaller model, slightly lower accuracy)")
	return cmd
}
