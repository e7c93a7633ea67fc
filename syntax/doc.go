// Package syntax owns the syntactic layer of newsgraph: tokenisation of raw
// English sentences with byte offsets, part-of-speech tagging (UPOS and
// Penn XPOS) with greedy averaged perceptrons, labelled dependency parsing
// (UD relations) with a greedy arc-hybrid transition parser trained with a
// dynamic oracle, and reading a predicate's arguments (subjects, patients,
// objects, obliques with their preposition, time modifiers, negation,
// modality) from the resulting tree.
//
// The models are trained from Universal Dependencies English EWT by
// `newsgraph train-syntax` (see Train) and embedded in the binary. Load
// decodes them; callers load once and keep the *Model, which is safe for
// concurrent use:
//
//	m, err := syntax.Load()
//	...
//	tree := m.Parse("Italian troops left Camp Arena on Friday.")
//	pred := tree.HeadOf(triggerSpan) // byte span of "left" in the sentence
//	args := tree.Arguments(pred)
//	// args.Subjects[0] is "Italian troops", args.Objects[0] "Camp Arena",
//	// args.Times[0] "Friday"; spans are byte offsets into the sentence.
//
// The tree is the parser's guess: on news text expect roughly the
// accuracy the README reports for en_ewt, lower on long sentences.
package syntax
