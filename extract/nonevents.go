package extract

import (
	"regexp"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Trigger words in noun phrases that assert no event: a warning system
// named after an attack, and an event of any kind that might come.

var (
	// "air raid alerts", "air-raid sirens", "missile attack warnings": the
	// civil defence that prepares for an attack, not an attack.
	reAlertAfter = regexp.MustCompile(`^\s+(?:alerts?|sirens?|shelters?|warnings?|alarms?|precautions|preparedness|warning systems?)\b`)
	// "respond to any NATO buildup", "any attack on our soil": a trigger
	// noun under "any" names no particular event.
	reAnyBefore = regexp.MustCompile(`\bany\s+(?:(?:further|future|new|possible|such|foreign|\p{L}+-led|[A-Z]\w*)\s+)?$`)
)

// civilDefence reports an attack word that names a warning or a shelter.
func civilDefence(lower string, h triggerHit) bool {
	return reAlertAfter.MatchString(lower[h.end:])
}

// anyEvent reports a trigger under "any" in a clause that denies nothing:
// "would respond to any buildup" asserts no buildup, while "no sign of any
// attack" is a denied attack and stays.
func anyEvent(text, lower string, cs int, h triggerHit) bool {
	return reAnyBefore.MatchString(text[max(cs, h.start-40):h.start]) && !reNegation.MatchString(lower[cs:h.start])
}

// reDownplayed: a speaker who plays down a reading of what happened denies
// it: "downplaying the possibility that the depot was struck", "played down
// suggestions that troops had left".
var reDownplayed = regexp.MustCompile(`\b(?:downplay(?:s|ed|ing)?|play(?:s|ed|ing)?\s+down|discount(?:s|ed|ing)?)\s+(?:the\s+)?(?:possibility|likelihood|suggestions?|idea|claims?|reports?|speculation|notion)\s+(?:that|of)\b`)

// downplayed reports a downplaying verb before the trigger (prefix is the
// sentence up to the trigger) whose reach no adjunct clause cuts.
func downplayed(prefix string) bool {
	locs := reDownplayed.FindAllStringIndex(prefix, -1)
	return len(locs) > 0 && !reDenialBoundary.MatchString(prefix[locs[len(locs)-1][1]:])
}

// reOpenedTo: a base opened to foreign forces is access granted, not a
// base established: "opened seven of its bases to U.S. forces".
var reOpenedTo = regexp.MustCompile(`^[^;:]{0,80}?\bto\s+(?:the\s+)?(?:[\p{L}.-]+\s+){0,2}(?:forces|troops|military|militaries|navy|navies|warships|ships|aircraft|jets|planes)\b`)

// accessGranted reports an opening trigger whose clause says to whose
// forces the base was opened.
func accessGranted(lower string, h triggerHit, ce int) bool {
	return h.typ == newsgraph.EventEstablishment && strings.HasPrefix(lower[h.start:h.end], "open") && reOpenedTo.MatchString(lower[h.end:ce])
}

// reAircraftLanded: aircraft that land touch down; only munitions that
// "land" strike ("rockets landed near the base", but "jets landed on a
// highway").
var reAircraftLanded = regexp.MustCompile(`^(?:jets|fighter jets|warplanes?|gunships?|aircraft) (?:\S+ ){0,2}?landed\b`)

// aircraftLanded reports an attack trigger that is an aircraft landing.
func aircraftLanded(lower string, h triggerHit) bool {
	return h.typ == newsgraph.EventAttack && reAircraftLanded.MatchString(lower[h.start:h.end])
}
