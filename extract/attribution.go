package extract

import (
	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// reBlamedOn: attacks the article attributes to a group or state named
// right after ("drone strikes blamed on the militia", "raids attributed
// to Iran"). The cue comes before the attacker, unlike a claim.
var reBlamedOn = mustPrefilter(`(?i)\b(?:attacks?|strikes?|raids?|bombings?|shelling|assaults?|offensive),?\s+(?:\S+\s+){0,3}?(?:(?:widely|largely|long)\s+)?(?:blamed\s+on|attributed\s+to)\s+(?:the\s+)?$`)

// blamedParagraphs is how far, in paragraphs either way, an attribution
// reaches: it sums up a series the article reports around it.
const blamedParagraphs = 5

// blamedAttacks gives attacks no sentence names an attacker for to the
// group or state the article blames for such attacks nearby.
func (an *analysis) blamedAttacks(events []newsgraph.Event) {
	for si := range an.doc.Sentences {
		text := an.doc.SentenceText(si)
		sent := an.doc.Sentences[si]
		blamed := actorRef{}
		for _, m := range an.mentions[si] {
			s := m.Start - sent.Start
			if m.Type != gazetteer.Organisation && m.Type != gazetteer.Country || m.Entry != nil && m.Entry.IsOutlet() {
				continue
			}
			if reBlamedOn.MatchString(text[max(0, s-80):s]) {
				blamed = actorRef{name: m.Name, country: m.Country}
				if m.Type != gazetteer.Country {
					blamed.country = ""
				}
				break
			}
		}
		if blamed.name == "" {
			continue
		}
		para := sent.Paragraph
		for i := range events {
			ev := &events[i]
			p := an.doc.Sentences[ev.Sentence].Paragraph
			if ev.Type == newsgraph.EventAttack && ev.Actor == "" && !ev.Negated && p >= para-blamedParagraphs && p <= para+blamedParagraphs {
				ev.Actor, ev.ActorCountryCode = blamed.name, blamed.country
			}
		}
	}
}
