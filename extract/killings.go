package extract

// reArmedKilling: armed men killing or wounding people is an attack whether
// or not an attack word is used: "attackers who killed 42 soldiers",
// "gunmen killed three policemen", "militants wounded two peacekeepers".
var reArmedKilling = mustPrefilter(`\b(?:attackers|assailants|gunmen|militants|jihadists|insurgents|rebels|fighters|extremists|terrorists) (?:who |that |had |have |has )?(?:\S+ ){0,2}?(?:killed|kill|kills|killing|wounded|wounding|massacred) (?:\S+ ){0,3}?(?:soldiers|troops|servicemen|service members|peacekeepers|police(?:men| officers)?|officers|guards|civilians|people|villagers|residents|workers|personnel)\b`)
