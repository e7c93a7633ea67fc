package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
	"github.com/newsgraph/newsgraph/schema"
)

// trigger is one lexicon entry: a pattern over lowercased text and the
// contextual evidence the event type needs before it is believed.
type trigger struct {
	typ string
	re  *prefiltered
	// needsObject: the trigger only counts with a base, country or place
	// right after it ("left the base", "exit Niger").
	needsObject bool
	// needsFacility: the clause must name a base or a facility noun
	// ("closed the base", not "close ties").
	needsFacility bool
}

// Trigger lexicons, one entry per phrasing family, with lemma variants.
// Patterns run over lowercased sentences; \b keeps "redeploy" from matching
// "deploy".
var triggers = []trigger{
	{typ: newsgraph.EventWithdrawal, re: mustPrefilter(`\bwithdr[ae]w(?:s|n|ing|als?)?\b|\bpull(?:s|ed|ing)?[ -](?:out|back)\b|\bpull-?outs?\b|\bdrawdowns?\b|\bdr[ae]w(?:s|ing)? down\b|\bdepartures?\b|\bretreat(?:s|ed|ing)?\b|\b(?:troop|force) reductions?\b|\breduc(?:e|es|ed|ing|tions?) (?:of |in )?(?:(?:its|their|the|our|u\.?s\.?|us|american|french|british|german|russian|military|troop|foreign|permanent) ){0,3}(?:troops?|forces|military presence|troop levels?|presence|footprint|contingents?|garrisons?|deployments?|personnel|soldiers)\b`)},
	{typ: newsgraph.EventWithdrawal, re: mustPrefilter(`\bpull(?:s|ed|ing)? (?:\S+ ){1,4}?(?:out of|back from)\b|\b(?:fl(?:y|ies|ew|own|ying)|mov(?:e|es|ed|ing)|ship(?:s|ped|ping)?) (?:\S+ ){1,5}?(?:out of|away from)\b(?: harm's way| harm’s way)?|\bwind(?:s|ing)? down\b|\bwound down\b|\bend(?:s|ed|ing)? (?:its|their|the|a|our) (?:(?:permanent|military|combat|troop|foreign|\d[\w-]*|decade-long|years-long) ){0,2}(?:mission|presence|deployment|occupation)\b`)},
	// Forces going home and presences scaled back: "bring 500 soldiers
	// home", "the last soldiers returned home from Niger", "repatriated
	// its military personnel", "scale back its troop presence".
	{typ: newsgraph.EventWithdrawal, re: mustPrefilter(`\b(?:bring|brings|bringing|brought) (?:\S+ ){0,4}?(?:troops|soldiers|forces|personnel|marines|sailors|peacekeepers|contingents?|units|servicem[ae]n|service members) (?:\S+ ){0,3}?home\b|\b(?:bring|brings|bringing|brought) home (?:\S+ ){0,4}?(?:troops|soldiers|forces|personnel|marines|sailors|peacekeepers|contingents?|units|servicem[ae]n|service members)\b|\b(?:troops|soldiers|forces|personnel|marines|sailors|peacekeepers|contingents?|units) (?:\S+ ){0,3}?(?:returned|return|returning|came|come|coming|flew|sailed|headed|went|going) (?:back )?home\b|\brepatriat(?:e|es|ed|ing|ion) (?:of )?(?:\S+ ){0,3}?(?:troops|soldiers|forces|personnel|marines|peacekeepers|contingents?|units)\b|\b(?:troops|soldiers|forces|personnel|marines|peacekeepers|contingents?|units) (?:\S+ ){0,3}?repatriated\b|\bscal(?:e|es|ed|ing) (?:back|down) (?:\S+ ){0,3}?(?:presence|troops|forces|deployments?|mission|operations|footprint|contingents?|military|garrisons?)\b|\bscale-?back of (?:\S+ ){0,3}?(?:presence|troops|forces|deployments?|mission|footprint|contingents?|garrisons?)\b`)},
	// A presence dated by its start: "has hosted Russian military aircraft
	// since 2015", "where Germany has led a NATO battlegroup since 2017",
	// "the rotations began in 2012". Without a start date it is background
	// (triggerPlausible).
	{typ: newsgraph.EventDeployment, re: mustPrefilter(`\bhas hosted (?:\S+ ){0,4}?(?:troops|forces|soldiers|aircraft|jets|warplanes|warships|personnel|marines|sailors|bombers|drones|military)\b|\b(?:has|have) led (?:\S+ ){0,3}?(?:battle ?group|battalion|contingent|mission|deployment)\b`)},
	{typ: newsgraph.EventAttack, needsObject: true, re: mustPrefilter(`\bhit(?:s|ting)?\b`)},
	// A weapon as the subject makes "hit" an attack whatever it hit: "a
	// drone hit an oil depot".
	{typ: newsgraph.EventAttack, re: mustPrefilter(`\b(?:drones?|missiles?|rockets?|shells?|strikes?|airstrikes?|bombs?|projectiles?|munitions?|mortars?|warplanes?|jets|fighter jets|artillery|gunships?) (?:\S+ ){0,2}?(?:hit(?:s|ting)?|crash(?:ed|es)? into|slam(?:med|s)? into|landed (?:in|on|near|inside)|exploded (?:in|at|near|inside))\b`)},
	{typ: newsgraph.EventAttack, re: mustPrefilter(`\boverr(?:an|un|uns|unning)\b|\bshot down\b|\bshelled\b|\bstormed\b`)},
	{typ: newsgraph.EventWithdrawal, re: mustPrefilter(`\bcut(?:s|ting)? (?:\S+ ){0,4}?(?:troops|contingent|presence|forces|personnel|soldiers|troop levels|troop numbers|deployment|garrison)\b|\b(?:been|was|were|is|are|be|being) (?:fully |partly |partially |completely )?(?:vacated|evacuated|abandoned)\b|\bconsolidat(?:e|es|ed|ing) (?:\S+ ){0,3}?(?:troops|forces|presence|personnel)\b|\bde-?induct(?:ion|s|ed|ing)?\b|\bdisengag(?:e|es|ed|ing|ement)\b`)},
	// Enlarging or bringing back a facility: "the second phase of the
	// base's expansion", "the air base was reactivated in 2008".
	{typ: newsgraph.EventEstablishment, needsFacility: true, re: mustPrefilter(`\b(?:base|airbase|facility|airfield|naval station|garrison)(?:'s|’s)? expansion\b|\bexpan(?:d|ds|ded|ding|sion) (?:of )?(?:the |its |their |a )?(?:\S+ ){0,3}?(?:base|airbase|air base|facility|airfield|naval station|runway|pier)\b|\bre-?activat(?:e|es|ed|ing|ion)\b`)},
	{typ: newsgraph.EventDeployment, re: mustPrefilter(`\b(?:will|would|to|could|shall|may|might)(?: not| never)? be (?:permanently |temporarily |forward[- ])?based (?:at|in)\b|\b(?:rotat(?:e|es|ed|ing)) (?:\S+ ){0,3}?(?:into|to|through)\b`)},
	{typ: newsgraph.EventHandover, needsFacility: true, re: mustPrefilter(`\bhand(?:s|ed|ing)? (?:\S+ ){1,7}?to\b|\breturn(?:s|ed|ing)? (?:\S+ ){1,12}?to (?:\S+ ){0,2}?(?:control|authorities|forces|army|sovereignty|government|troops)\b`)},
	// A host expelling foreign forces ends their presence: "the junta
	// expelled French troops", "ordered U.S. forces out".
	{typ: newsgraph.EventWithdrawal, re: mustPrefilter(`\bexpel(?:s|led|ling)? (?:\S+ ){0,3}?(?:troops|forces|soldiers|military|peacekeepers|contingents?|mission)\b|\border(?:s|ed|ing)? (?:\S+ ){0,3}?(?:troops|forces|soldiers|peacekeepers) out\b`)},
	// Troops as the subject make "left" a withdrawal without an object:
	// "most of whom left in recent months", "the last soldiers have left".
	{typ: newsgraph.EventWithdrawal, re: mustPrefilter(`\b(?:troops|soldiers|forces|personnel|marines|peacekeepers|contingents?|advisers|advisors|of whom) (?:have |had |has |already |finally |all )*(?:left|departed|pulled out)\b|\b(?:troops|soldiers|forces|personnel|marines|peacekeepers) (?:who|that) [^,;.]{1,60}? (?:left|departed|pulled out)\b`)},
	{typ: newsgraph.EventWithdrawal, needsObject: true, re: mustPrefilter(`\b(?:leave|leaves|leaving|left|exit(?:s|ed|ing)?|depart(?:s|ed|ing)?|evacuat(?:e|es|ed|ing)|vacat(?:e|es|ed|ing))\b`)},
	{typ: newsgraph.EventDeployment, re: mustPrefilter(`\bdeploy(?:s|ed|ing|ments?)?\b|\bstationed\b|\bstationing\b|\b(?:to|will|would|could|may|might|shall|plans to|and) (?:permanently |temporarily )?station\b|\bdispatch(?:es|ed|ing)?\b|\bsen(?:d|ds|t|ding) (?:\S+ ){0,7}?(?:troops|soldiers|forces|marines|warships?|warplanes?|jets|fighter jets|fighters|aircraft|bombers|personnel|reinforcements|units|battalions?|brigades?|destroyers?|carriers?|submarines?|(?:navy|naval|coast guard) (?:ships|vessels)|frigates?|tanks|helicopters|drones|missile systems?|air defen[cs]e systems?)\b|\breinforce(?:s|d|ments?)?\b|\bbolster(?:s|ed|ing)?\b|\bbuild-?up\b|\b(?:troops|soldiers|forces|marines|personnel|units|reinforcements|paratroopers|sailors|peacekeepers|contingents?|battalions?|brigades?|warships?|ships|vessels|destroyers?|frigates?|carriers?|submarines?|jets|fighters|bombers|aircraft|helicopters|tanks|drones|batteries) (?:\S+ ){0,2}?(?:is|are|was|were|been|being|be) (?:\S+ )?sent (?:to|into|back to)\b`)},
	{typ: newsgraph.EventDeployment, needsObject: true, re: mustPrefilter(`\barriv(?:e|es|ed|ing|al)\b`)},
	{typ: newsgraph.EventWithdrawal, re: reTourEnd},  // tours.go
	{typ: newsgraph.EventAttack, re: reArmedKilling}, // killings.go
	// Forces coming back: "returned to the base", "left in 2011 and
	// returned in 2016".
	{typ: newsgraph.EventDeployment, re: mustPrefilter(`\breturn(?:s|ed|ing)? (?:to (?:the |its |their )?(?:base|airbase|air base|airfield|garrison|camp|island|region|country)\b|in (?:19|20)\d\d\b)|\b(?:troops|forces|soldiers|marines|personnel|peacekeepers) (?:have |has |had |later |then )*returned\b`)},
	{typ: newsgraph.EventRelocation, re: mustPrefilter(`\brelocat(?:e|es|ed|ing|ions?)\b|\bredeploy(?:s|ed|ing|ments?)?\b|\breposition(?:s|ed|ing)?\b|\b(?:troops|forces|personnel|units|soldiers|marines|headquarters|assets|aircraft|flights|drones|jets|equipment|warships|ships|vessels|squadrons?|batteries) (?:\S+ ){0,3}?(?:mov(?:e|es|ed|ing)|shift(?:s|ed|ing)?|transferr?(?:s|ed|ing)?) (?:to|from)\b|\b(?:mov(?:e|es|ed|ing)|shift(?:s|ed|ing)?|transferr?(?:s|ed|ing)?) (?:\S+ ){0,4}?(?:troops|forces|personnel|units|soldiers|marines|headquarters|assets|jets|aircraft|bombers|drones|warships|ships|batteries|missile systems|air defen[cs]e systems|equipment|missions|operations|flights) (?:\S+ ){0,4}?to\b`)},
	{typ: newsgraph.EventHandover, re: mustPrefilter(`\bhand(?:s|ed|ing)?[ -]over\b|\bhand(?:s|ed|ing)? (?:\S+ ){1,5}?over to\b|\bhandovers?\b|\bturn(?:s|ed|ing)? (?:\S+ ){0,4}?over to\b|\btransferr?(?:s|ed|ing)? (?:of )?(?:\S+ ){0,3}?(?:control|sovereignty|ownership|command)\b|\btransfer of (?:the )?(?:\S+ ){0,2}?(?:base|facility|garrison|camp)\b|\breturn(?:s|ed|ing)? (?:\S+ ){0,4}?(?:base|facility|site|land|camp) to\b|\breturn(?:s|ed|ing)? (?:\S+ ){0,3}?(?:parcels?|plots?|swaths?|portions?|parts?|sections?|land) of\b|\bced(?:e|es|ed|ing)\b`)},
	// Forces entering or seizing a base: "moved into the base", "took
	// control of the airfield", "occupied the camp". Who handed it over is
	// a separate event; this is the new garrison arriving.
	{typ: newsgraph.EventDeployment, needsFacility: true, re: mustPrefilter(`\bmov(?:e|es|ed|ing) (?:back )?into\b|\b(?:take|takes|taken|took|taking|assum(?:e|es|ed|ing)) (?:over|full control|control|charge)(?: of)?\b|\boccup(?:y|ies|ied|ying)\b|\bre-?occup(?:y|ies|ied|ying)\b`)},
	// Passive returns of a site: "the bases ... were returned to Chad",
	// "was formally handed back to the army".
	{typ: newsgraph.EventHandover, needsFacility: true, re: mustPrefilter(`\b(?:is|are|was|were|been|being|be) (?:\S+ )?(?:returned|handed|handed back|given back|restored|transferred) to\b|\bhand(?:s|ed|ing)? (?:[^\s,;]+ ){8,10}?(?:back )?to\b`)},
	// Moved as cargo or as a unit: "aircraft had been moved away from the
	// base", "were moved to Erbil".
	{typ: newsgraph.EventRelocation, re: mustPrefilter(`\b(?:is|are|was|were|been|being|be|have|had|has) (?:\S+ )?(?:moved|shifted|transferred|relocated|flown|repositioned) (?:away from|out of|from|to|into)\b`)},
	{typ: newsgraph.EventClosure, needsFacility: true, re: mustPrefilter(`\bclos(?:e|es|ed|ing|ures?)\b|\bshut(?:s|ting)? down\b|\bshutdown\b|\bshutter(?:s|ed|ing)?\b|\bdecommission(?:s|ed|ing)?\b|\bdismantl(?:e|es|ed|ing)\b`)},
	{typ: newsgraph.EventAttack, re: mustPrefilter(`\battack(?:s|ed|ing)?\b|\bairstrikes?\b|\bair strikes?\b|\bdrone strikes?\b|\bmissile strikes?\b|\bstrik(?:e|es|ing)\b|\bstruck\b|\btargeted\b|\btargeting\b|\bshell(?:ed|ing)\b|\bbomb(?:ed|ing|ings|ard(?:ed|ment|ments)?)\b|\braid(?:s|ed)?\b|\bassault(?:s|ed)?\b|\bambush(?:ed|es)?\b|\bfired (?:\S+ ){0,6}?(?:at|on|toward|towards)\b|\brocket fire\b|\bcame under (?:fire|attack)\b|\b(?:military|air|bombing|drone|missile) campaigns? against\b|\b(?:counter-?)?offensives? (?:against|on)\b|\blaunch(?:ed|es|ing)? (?:\S+ ){0,8}?(?:missiles?|rockets?|drones?)\b|\bbombs? (?:\S+ )?dropped (?:by|on)\b|\bdropp(?:ed|ing) (?:\S+ ){0,4}?bombs?\b|\bhit by\b|\bclash(?:es|ed)\b|\bpound(?:s|ed|ing) (?:\S+ ){0,3}?(?:positions|targets|bases?|towns?|villages?|cities|city|areas?|neighbou?rhoods?|strongholds?|lines|front|outposts?|camps?|airfields?|ports?|infrastructure|facilities|hideouts|trenches)\b|\bskirmish(?:es|ed)\b|\bexchang(?:e|es|ed)d? (?:of )?(?:fire|gunfire)\b`)},
	{typ: newsgraph.EventAgreement, re: mustPrefilter(`\bagree(?:s|d|ing|ments?)?\b|\bdeals?\b|\baccords?\b|\bpacts?\b|\btreat(?:y|ies)\b|\bsign(?:s|ed|ing)\b|\bmemorandum\b|\barrangements?\b`)},
	{typ: newsgraph.EventEstablishment, needsFacility: true, re: mustPrefilter(`\bestablish(?:es|ed|ing|ment)?\b|\bset(?:s|ting)? up\b|\bbuil(?:d|ds|t|ding)\b|\bconstruct(?:s|ed|ing|ion)\b|\bopen(?:s|ed|ing)?\b|\binaugurat(?:e|es|ed|ing|ion)\b|\bnew (?:\S+ )?(?:base|outpost|garrison|facility)\b`)},
	// A base put into service: "the Guam base has been activated", "the
	// station was commissioned on Friday".
	{typ: newsgraph.EventEstablishment, needsFacility: true, re: mustPrefilter(`\b(?:is|are|was|were|been|being|be) (?:\S+ )?(?:activated|commissioned|inaugurated)\b`)},
	// A new formation stood up where it will serve: "launched its 45th
	// Armoured Brigade in Lithuania", "activated a new divisional command".
	{typ: newsgraph.EventEstablishment, re: mustPrefilter(`\b(?:launch(?:es|ed|ing)?|activat(?:e|es|ed|ing)|inaugurat(?:e|es|ed|ing)|st(?:ood|and|ands|anding) up|form(?:s|ed|ing)?|creat(?:e|es|ed|ing)) (?:its |a |the |their |an )?(?:(?:new|first|permanent|forward|multinational|\d+(?:st|nd|rd|th)) )*(?:\S+ ){0,2}?(?:brigade|battalion|division|regiment|battlegroup|battle group|task force|(?:regional |joint |forward )?command|headquarters)\b`)},
	{typ: newsgraph.EventExercise, re: mustPrefilter(`\b(?:military|joint|naval|air|live-fire|live fire|combined|annual|multinational|large-scale|bilateral|trilateral|amphibious|command post|field|training) (?:\S+ )?(?:exercises?|drills?)\b|\bexercises?\b|\bdrills\b|\bwar ?games\b|\bmanoeuvres\b|\bmaneuvers\b|\bjoint training\b|\btraining rotations?\b|\b(?:field|live-fire|combined|multinational|combat) training (?:will |would )?(?:take|took|takes|be held|is held|was held|began|begins|start)|\b(?:this|last|next) year(?:'s|’s) edition\b|\bbalikatan\b|\bcobra gold\b|\bfreedom shield\b|\bulchi freedom\b|\bfoal eagle\b|\bsea breeze\b|\bbaltops\b|\bdefender europe\b|\bsteadfast (?:defender|noon|jazz)\b|\btalisman sabre\b|\brimpac\b|\bzapad\b|\bkamandag\b|\bsama sama\b|\bkeen sword\b|\bresolute dragon\b|\bcope thunder\b|\bflintlock\b|\bafrican lion\b`)},
}

var (
	// militaryContext: events need armed forces, a base or a mission nearby;
	// "withdrawal" of a bill or a trade "deal" are not security events.
	reMilitary = mustPrefilter(`\b(?:troops?|forces|soldiers|servicem[ae]n|service members|servicemembers|military|militar(?:y|ies)|army|armies|navy|naval|marines?|air force|military personnel|military mission|airbase|air base|military base|naval base|garrisons?|contingents?|battalions?|brigades?|warships?|destroyers?|frigates?|aircraft carriers?|submarines?|fighter jets|jets|bombers|missiles?|rockets?|drones?|defen[cs]e|peacekeep(?:ers|ing)|militias?|militants?|insurgents?|rebels|jihadists?|weapons|artillery|combat|outposts?|nato|pentagon|ceasefire|troop|armed|air ?strikes?|airstrikes?|shelling|bombardments?|gunfire|airbases?)\b`)
	reFacility = mustPrefilter(`\b(?:bases?|airbase|air base|facilit(?:y|ies)|garrisons?|outposts?|installations?|camps?|stations?|airfields?|barracks|headquarters|hub|site|sites|presence|embassy|consulate|port|ports)\b`)
	// clause boundaries: argument linking stays inside the clause that
	// holds the trigger.
	reClause   = regexp.MustCompile(`;|:\s|\s[—–]\s|\s--\s|,\s+(?:while|with|but|which|who|after|before|as|although|whereas|citing|according to|stressing|saying|adding|noting|seemingly|amid|and then|prompting|following|despite|even as|when|where|since|opting|choosing|seeking|hoping|aiming|vowing|marking|sparking|forcing)\b|\s(?:while|amid|but|although|whereas|after which|despite)\s|\s(?:that)\s|,\s+and\s+(?:(?:they|it|he|she|we)\s|(?:the|its|their|some|many|most|other|[\p{L}]+-(?:led|backed|aligned|allied))\s+(?:\S+\s+){0,3}?(?:said|says|was|were|had|has|have|will|would|is|are)\b)`)
	reNegation = mustPrefilter(`\b(?:not|never|no|n't|nor|cannot|neither|without|nothing|none|nobody|no one)\b|n't\b|\bno plans? to\b|\bno intention\b|\bruled out\b|\brules out\b|\bruling out\b`)
	reDenial   = regexp.MustCompile(`\b(?:den(?:y|ies|ied|ying|ial)|dismiss(?:es|ed|ing)?|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|ruled out|rules out|false|baseless|untrue|unfounded)\b`)
	rePlanned  = mustPrefilter(`\b(?:required to|obliged to|must|steps? towards?|moves? towards?|expects?|ordered|demanded|urged|called on|called for|pressed|told \S+ to|asked|will|would|shall|plans?|planned|planning|intends?|intended|to be|set to|expected to|is to|are to|scheduled|aims? to|seeks? to|proposed?|could|may|might|prepar(?:e|es|ed|ing) to|due to|going to|considering|consider|ready to|agreed to|decided to|announced (?:\S+ ){0,3}?(?:plans?|intention)|upcoming|future|next|timeline|by (?:the end of|late|early|mid))\b`)
	reOngoing  = regexp.MustCompile(`\b(?:is|are|was|were|been|being) \S+ing\b|\b(?:began|begun|begin|begins|beginning|started|start|starts|underway|ongoing|continu(?:e|es|ed|ing)|in the process of|in progress|currently)\b`)
	reFuture   = mustPrefilter(`\b(?:will|would|shall|plans? to|planned|intends? to|set to|expected to|scheduled|aims? to|(?:is|are) due to|(?:is|are) to be|by (?:the end of|late|early|mid)|next)\b`)
	// Locative prepositions mark a country as a place, not an actor.
	reLocativeBefore = regexp.MustCompile(`(?i)\b(?:in|from|to|into|at|inside|within|across|near|out of|toward|towards|against|on|with|over|for|throughout|around|outside|off|between|among)\s+(?:the\s+)?(?:(?:north|south|east|west|northern|southern|eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western|north-?east|north-?west|south-?east|south-?west|northeastern|northwestern|southeastern|southwestern|neighbouring|neighboring|federal|rural|remote)\s+)?$`)
	reAgentBy        = regexp.MustCompile(`(?i)\bby\s+(?:the\s+)?(?:\S+(?:'s|’s)\s+)?$`)
	reOfBefore       = regexp.MustCompile(`(?i)\bof\s+(?:the\s+)?$`)
	reDefiniteBase   = regexp.MustCompile(`\b(?:the|that|this|their|its) (?:\S+ ){0,3}?(?:base|airbase|air base|facility|garrison|installation|camp|outpost|airfield|hub|site|compound)\b`)
	reTheCountry     = regexp.MustCompile(`\bthe country\b`)
	reObjectGap      = regexp.MustCompile(`^(?:(?:the|its|their|his|her|from|out of|in|at)\s*){0,2}$`)
	reObjectBase     = regexp.MustCompile(`^\s*(?:(?:at|in|into)\s+)?(?:the|its|their|that|this)\s+(?:\S+\s+)?(?:base|airbase|air base|facility|garrison|installation|camp|outpost|airfield|country|port|harbou?r|naval station|dockyard)\b`)
	// A name followed by a lowercase noun is a modifier ("U.S. service
	// members"), not the place itself.
	reModifierUse = regexp.MustCompile(`^(?:-\w+)?\s+(?:service|military|troops|forces|soldiers|officials?|personnel|army|navy|embassy|government|authorities|citizens|nationals|contractors|diplomats|aircraft|drones?|missiles?|warships?|border|borders|frontier|bases?|air base|naval base|installations?|outposts?|vessels?|ships?|destroyers?|frigates?|(?:aircraft )?carriers?|submarines?|warplanes?|jets|fighter jets|bombers|helicopters|convoys?|patrols?|positions|sailors|marines|airmen|advisers|advisors|servicemen|commanders?|interests|targets|facilities|embassies|contingents?|units|battalions?|brigades?|peacekeepers|observers|delegations?|air force)\b`)
	// A source of a statement is not the actor of the event it reports.
	reSourceAfter = regexp.MustCompile(`^(?:'s|’s)?\s+(?:(?:senior|defen[cs]e|military|security|government|foreign|state|top)\s+)?(?:officials?|spokes(?:man|woman|person)|sources?|media|analysts?|diplomats?|envoy|ambassador|embassy|newspapers?|outlets?|reporters?|lawmakers?|intelligence)\b`)
	// A verb trigger in -ing form describes something under way
	// ("troops relocating to Erbil"); -ing nouns such as "bombing" do not.
	reProgressiveTrigger = regexp.MustCompile(`^(?:withdrawing|pulling|drawing|leaving|exiting|departing|evacuating|vacating|deploying|sending|relocating|redeploying|repositioning|moving|shifting|transferring|handing|returning|closing|shutting|dismantling|building|constructing|establishing|arriving|reinforcing)\b`)
	reClosureIdiom       = regexp.MustCompile(`^\s+(?:a|the|this|that)\s+(?:\S+\s+)?(?:chapter|door|gap|loop|deal|ranks|case)\b|^\s+(?:to|ties|ally|allies|cooperation|coordination|range|proximity|partners?|in on|ranks|friends?|relations)\b`)
	reStateNoun          = regexp.MustCompile(`\b(?:troops|forces|soldiers|personnel|marines|units|sailors|airmen|contingents?|service members|servicemembers|aircraft|jets|systems|missiles)\s+(?:\S+\s+)?$`)
	reSovereignty        = mustPrefilter(`\b(?:sovereignty|control|responsibilit(?:y|ies)|command|ownership)\b`)
	reAnaphoricNoun      = mustPrefilter(`\bthe (?:agreement|deal|pact|treat|accord|withdrawal|pullout|pull-out|drawdown|departure|handover|hand-over|deployment|closure|relocation|transfer|redeployment|attack|strike|assault|raid|bombing)`)
	reAnaphoricTrigger   = regexp.MustCompile(`\bthe (?:agreements?|deals?|pacts?|treat(?:y|ies)|accords?|withdrawals?|pullouts?|pull-outs?|drawdowns?|departures?|handovers?|hand-overs?|deployments?|closures?|relocations?|transfers?|redeployments?|attacks?|strikes?|assaults?|raids?|bombings?)$`)
	reLocativeAfter      = regexp.MustCompile(`^\s+(?:of|from|to|in|at|by)\s`)
	// A state's own organs as the subject act for it: "Japan's cabinet
	// approved the deployment", "Iraq's government ordered the closure".
	// A country that speaks about the event: "Russia's defence ministry
	// said Ukrainian forces had withdrawn", "Japan said".
	reSpeakerAfter = regexp.MustCompile(`^(?:(?:'s|’s)\s+(?:\S+\s+){0,3})?(?:said|says|told|announced|reported|claimed|confirmed|stated|denied|warned)\b`)
	reStateBody    = regexp.MustCompile(`^(?:'s|’s)\s+(?:(?:new|interim|transitional|ruling|federal|national|central|military|defen[cs]e|foreign|top|own)\s+){0,2}(?:government|authorities|cabinet|parliament|legislature|congress|senate|president|prime minister|premier|chancellor|leadership|junta|ministry|minister|general staff|joint chiefs|security council|national security council|regime|administration)\b`)
	// What a strike hits when no base or place is named: "hit an oil
	// depot", "hit Russian positions", "hit a convoy".
	reStruckTarget     = regexp.MustCompile(`^\s+(?:(?:an?|the|its|their|two|three|several|\d+)\s+)?(?:[\w-]+\s+){0,2}?(?:depots?|refiner(?:y|ies)|airfields?|air ?bases?|military bases?|positions|targets|warehouses?|convoys?|command posts?|headquarters|barracks|outposts?|checkpoints?|radars?|air defen[cs]e systems?|ammunition|arms dumps?|military facilit(?:y|ies)|infrastructure|power (?:plants?|stations?)|substations?|bridges?|ports?|warships?|ships?|vessels?|tankers?|trenches|bunkers?|launchers?)\b`)
	reOwnBase          = regexp.MustCompile(`\b(?:its|their)\s+(?:\S+\s+){0,2}?(?:base|airbase|air base|facility|garrison|installation|camp|outpost|airfield|hub|site|compound)\b`)
	reFormationGap     = regexp.MustCompile(`^(?:launch|activat|inaugurat|st(?:ood|and)|form|creat)\w* (?:up )?(?:\S+ )*?(?:part|of|by|under|from|on|in|at|with|into|against)\s`)
	reSinceAfter       = regexp.MustCompile(`^[^;:]{0,60}?\bsince\s+(?:\S+\s+){0,8}?(?:(?:19|20)\d{2}|january|february|march|april|may|june|july|august|september|october|november|december)\b`)
	reReportingDate    = regexp.MustCompile(`\b(?:said|says|reported|reports|told \S+|announced|announces|stated|confirmed|confirms|revealed|disclosed|claimed)\s+(?:on\s+|late\s+|early\s+|in\s+|last\s+)?$`)
	reReporting        = regexp.MustCompile(`\b(?:said|says|say|saying|reported|reports|reporting|told|tells|announced|announces|stated|confirmed|confirms|according|quoted|cited|citing|revealed|disclosed|claimed|claims)\b`)
	reLocativeFrom     = regexp.MustCompile(`(?i)\b(?:in|from|out of|at|inside|within|across|near|throughout|off|on)\s+(?:the\s+)?(?:(?:north|south|east|west|northern|southern|eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western|north-?east|north-?west|south-?east|south-?west|northeastern|northwestern|southeastern|southwestern|federal|rural|remote)\s+)?$`)
	reCompoundModifier = regexp.MustCompile(`^-(?:\p{Ll}|[A-Z][a-z])`)
	// A pronoun subject a few words before the trigger ("it would
	// withdraw", "their withdrawal").
	rePronounSubject = regexp.MustCompile(`(?i)\b(?:it|its|they|their)\s+(?:\S+\s+){0,3}$`)
	reStationedState = regexp.MustCompile(`^\s+(?:in|at|on|near|there|across|along|inside|outside|abroad|overseas|here)\b`)
	// "France and Djibouti", "French troops and a small Australian
	// contingent": a coordination of states or of their forces.
	reCoordGap     = regexp.MustCompile(`^(?:(?:troops|forces|soldiers|warships|jets|marines|sailors|units|contingents?|personnel|submarines|boats|ships|vessels|aircraft|bombers|fighters|destroyers|frigates)\s+)?(?:,|and|, and)(?:\s+(?:the|a|an|one|small|large|smaller|larger|further|additional|some|several|two|three|four|five|six|\d[\d,]*))*$`)
	reActiveAttack = regexp.MustCompile(`^(?:attacked|attacking|attacks|struck|strikes|striking|targeted|targeting|shelled|shelling|bombed|bombing|raided|fired|launched|launching|launches|hit|hits|ambushed|assaulted)`)
)

// Patterns the event rules test around a trigger, compiled once.
var (
	reStrikeDeal    = regexp.MustCompile(`^\s+(?:a|an|the)\s+(?:\S+\s+)?(?:deal|agreement|balance|chord|tone)`)
	reExerciseRight = regexp.MustCompile(`^\s+(?:its|their|the|his|her|caution|restraint|control|power|rights?|options?)\b`)
	reSignsOf       = regexp.MustCompile(`^\s*(?:s|als?)?\s+of\b`)
	reOpenIdiom     = regexp.MustCompile(`^\s+(?:fire|talks|negotiations|the door|up)\b`)
	reForcesAfter   = regexp.MustCompile(`^\s*(?:troops|forces|soldiers|personnel|military|marines|units)\b`)
	reAccompanying  = regexp.MustCompile(`(?i),\s+(?:along with|together with|alongside|as well as|like|unlike|joined by|backed by|supported by|with help from|in coordination with)\s+[^,;]*$`)
	// What is built when no base is: shelters, defences, roads, ties.
	reBuiltThing           = regexp.MustCompile(`^\s+(?:(?:a|an|the|new|more|makeshift|temporary|underground|concrete|hardened|its|their|up|two|three|several|dozens of|hundreds of)\s+){0,3}(?:bomb\s+)?(?:shelters?|bunkers?|trenches|fortifications?|defen[cs]es|barriers?|berms?|walls?|fences?|roads?|bridges?|housing|homes?|houses|schools?|hospitals?|tunnels?|checkpoints?|ties|relations(?:hips)?|capacity|momentum|support|consensus|a case|pressure|stockpiles?|reserves?|hangars?|(?:national\s+)?parks?|museums?|stadiums?|memorials?|apartments?|offices?|malls?|logistics\s+complex(?:es)?|(?:e-commerce\s+)?complex(?:es)?|resorts?)\b`)
	reArrangementObject    = regexp.MustCompile(`^\s+(?:on\s+|to\s+)?(?:(?:new|the|a|an|its|their|revised|updated)\s+)?(?:storage|logistic(?:s|al)?|housing|travel|seating|transport|payment|financing|funding|catering|parking|billeting|accommodation|practical|technical|administrative|staffing|maintenance|supply)\s+arrangements?\b`)
	rePracticalArrangement = regexp.MustCompile(`\b(?:storage|logistic(?:s|al)?|housing|travel|seating|transport|payment|financing|funding|catering|parking|billeting|accommodation|practical|technical|administrative|staffing|maintenance|supply|existing|current)\s+$`)
	reNoLonger             = regexp.MustCompile(`\bno longer\b`)
	// "troops are stationed at the base": a presence the article reports
	// as current, unlike "had been stationed" (where they were).
	rePresentBe = regexp.MustCompile(`\b(?:are|remain)\s+(?:now\s+|currently\s+|still\s+|permanently\s+)?$`)
	// ", when Türkiye opened the camp": the clause dates itself by the
	// date just before it.
	reCoordinated = regexp.MustCompile(`\s(?:and|but)\s+(?:then\s+|later\s+|again\s+|finally\s+|also\s+)?(?:\S+\s+)?$`)
	reWhenStart   = regexp.MustCompile(`^,\s+when\b`)
	// A negated verb of permission or intent governs the event it
	// introduces however far away: "will not allow its airspace to be
	// used for any attack", "does not intend to send more troops".
	reNegatedControl = regexp.MustCompile(`\b(?:not|never|n't|refus(?:e|es|ed|ing) to)\s+(?:\S+\s+)?(?:allow|permit|let|accept|tolerate|authori[sz]e|intend|plan|want|seek|envisage|foresee|consider|approve)\b`)
	// A negated verb of meaning before a that-clause: "did not mean that",
	// "does not signal that".
	reNegatedThat = regexp.MustCompile(`\b(?:not|never|n't)\s+(?:necessarily\s+)?(?:mean|imply|signal|indicate|suggest)\s*$`)
	reVerbalClash = regexp.MustCompile(`^\s+(?:over|about|on|in (?:parliament|court|the (?:senate|chamber|debate))|during (?:the |a )?(?:debate|talks|meeting|interview)|with (?:the )?(?:police|protesters|demonstrators|fans|reporters|journalists|lawmakers|critics)|of (?:views|interests|opinions))\b`)
	// A non-restrictive relative clause closed by a comma, then the main
	// verb group: ", who control much of northern Yemen, have ".
	reClosedRelative = regexp.MustCompile(`(?i)^,\s+(?:which|who)\s[^;:]*?,\s+(?:(?:has|have|had|is|are|was|were|will|would|could|may|might|shall|also|now|then|already|recently|previously|repeatedly|since|said|says|plans|intends|is set|to|be|been|not|never|n't|on|last|this|in|\S+day|\d+)\s+){0,5}$`)
	// Attack and strike as the class of a unit or weapon, not an event.
	reWeaponClass  = regexp.MustCompile(`^(?:-capable)?\s+(?:submarines?|helicopters?|aircraft|craft|boats?|jets?|fighters?|squadrons?|groups?|packages?|capabilit(?:y|ies)|dogs?|rifles?|variants?|version|platforms?|wings?)\b`)
	reExerciseName = regexp.MustCompile(`^(?:\s+(?:\d{2,4}|military|joint|naval|air|combined|multinational|annual|live-fire|bilateral|training|field))*\s+(?:exercises?|drills?|war ?games|manoeuvres|maneuvers|training)\b`)
	// A drill's scenario: "simulate a full-scale attack", "rehearsed strikes".
	reSimulated = regexp.MustCompile(`\b(?:simulat(?:e|es|ed|ing)|rehears(?:e|es|ed|ing|al)|practi[cs](?:e|es|ed|ing)|mock|dummy|scenarios? (?:of|involving|for))\s+(?:(?:an?|the|large-scale|full-scale|massive|joint|enemy|possible|coordinated|surprise)\s+)*(?:\S+\s+)?$`)
)

// sentenceTense is the tense hint for resolving dates in a sentence.
func sentenceTense(s string) Tense {
	if reFuture.MatchString(strings.ToLower(s)) {
		return Future
	}
	return Past
}

type triggerHit struct {
	typ        string
	start, end int // offsets in the sentence
	t          *trigger
	// nextSame is where the next trigger of the same type starts in the
	// clause (or 0): "moved its warships away from Tartus and begun flying
	// equipment out of Hmeimim" are two withdrawals, each with its base.
	nextSame int
	prevSame bool // an earlier trigger of this type is in the clause
}

// findEvents detects the events of every sentence, then merges mentions of
// the same event across the article.
func (an *analysis) findEvents() []newsgraph.Event {
	var events []newsgraph.Event
	lastBase := ""
	for i, s := range an.doc.Sentences {
		if an.stopped() != nil {
			break // ExtractContext reports it
		}
		text := an.doc.Text[s.Start:s.End]
		lower := lowerKeepOffsets(text)
		if s.Section != "title" {
			evs := an.sentenceEvents(i, text, lower, lastBase)
			for _, ev := range evs {
				an.seen[ev.Type] = true
			}
			events = append(events, evs...)
		}
		for _, m := range an.mentions[i] {
			if m.Type == gazetteer.Base {
				lastBase = m.Name
			}
		}
	}
	// An agentless report continuing a story ("The base was formally
	// handed over ...") is by the actor of the story's previous event in
	// the same or the preceding paragraph. Attacks are excluded: their
	// agent is often deliberately unnamed.
	lastActor, lastPara := newsgraph.Event{}, -10
	lastWithdrawal := newsgraph.Event{}
	lastOfType := map[string]newsgraph.Event{}
	for i := range events {
		ev := &events[i]
		para := an.doc.Sentences[ev.Sentence].Paragraph
		if ev.Type != newsgraph.EventWithdrawal && lastWithdrawal.Actor != "" && reDepartingTroops.MatchString(ev.Evidence) {
			// "Some of the departing troops were moved to Erbil": the
			// troops of the withdrawal just reported, from its bases.
			ev.Actor, ev.ActorOrganisation, ev.ActorCountryCode = lastWithdrawal.Actor, lastWithdrawal.ActorOrganisation, lastWithdrawal.ActorCountryCode
			if len(ev.Bases) == 0 {
				ev.Bases = slices.Clone(lastWithdrawal.Bases)
			}
		}
		if ev.Type == newsgraph.EventWithdrawal && ev.Actor != "" && !ev.Negated {
			lastWithdrawal = *ev
		}
		bare := len(ev.Bases) == 0 && ev.Country == "" // a back-reference: merging fills it
		// "A second site is expected to be handed over next week": a
		// story's next report of the same kind continues its actor.
		prev, prevPara, reach := lastActor, lastPara, 1
		if o, ok := lastOfType[ev.Type]; ok {
			// A report of the same kind continues the story a paragraph
			// further than one of another kind.
			prev, prevPara, reach = o, an.doc.Sentences[o.Sentence].Paragraph, 2
		}
		if ev.Actor == "" && an.bareForces(*ev) {
			reach = 2 // "several support units relocated there": the story's forces
		}
		if ev.Actor == "" && !bare && ev.Type != newsgraph.EventAttack && prev.Actor != "" && !an.ownSubject[ownSubjectKey(*ev)] &&
			(para-prevPara <= reach && an.mayOperate(ev.Bases, prev.ActorCountryCode) || prev.ActorCountryCode != "" && an.operates(ev.Bases, prev.ActorCountryCode)) {
			// Further away, the story's actor still fits a base it operates.
			ev.Actor, ev.ActorOrganisation, ev.ActorCountryCode = prev.Actor, prev.ActorOrganisation, prev.ActorCountryCode
		}
		if ev.Actor == "" && leavingType[ev.Type] && an.agentless(*ev) {
			// "The base was formally handed over": whoever leaves or hands
			// over a base is its one foreign operator.
			if code := an.foreignOperatorNear(ev.Bases, para); code != "" {
				ev.Actor, ev.ActorCountryCode = an.countryName(code), code
			}
		}
		if ev.Actor != "" && ev.Type != newsgraph.EventAttack {
			lastActor, lastPara = *ev, para
			lastOfType[ev.Type] = *ev
		}
	}
	an.claimedAttacks(events)
	an.blamedAttacks(events)
	events = an.dropCaptionOnly(events)
	// A back-reference ("to complete the pullout by Sept. 15") joins the
	// nearest earlier report of its type, whatever date it adds.
	for i := 0; i < len(events); i++ {
		ev := events[i]
		if !an.anaphoric[ownSubjectKey(ev)] || len(ev.Bases) > 0 {
			continue
		}
		order := make([]int, 0, len(events))
		for j := i - 1; j >= 0; j-- {
			order = append(order, j) // earlier reports first, then later ones
		}
		for j := i + 1; j < len(events); j++ {
			order = append(order, j)
		}
		for _, j := range order {
			if o := events[j]; o.Type == ev.Type && o.Negated == ev.Negated && !an.anaphoric[ownSubjectKey(o)] {
				d := o.Date
				events[j] = combine(o, ev)
				if d != "" && !(len(ev.Date) > len(d) && strings.HasPrefix(ev.Date, d)) {
					events[j].Date = d // the report's own date, unless the back-reference sharpens it
				}
				events = slices.Delete(events, i, i+1)
				i-- // slot i now holds the next event
				break
			}
		}
	}
	an.yieldReportDates(events)
	events = an.mergeReports(events)
	events = an.mergeDefiniteReports(events)
	an.operatorActors(events)
	// A back-reference that found no event to join says nothing new; nor
	// does a report with no actor, base, place or date ("his base welcomed
	// the troop withdrawal"): no one could query it.
	events = slices.DeleteFunc(events, func(ev newsgraph.Event) bool {
		return len(ev.Bases) == 0 && ev.Country == "" && ev.Actor == "" && len(ev.Places) == 0 && ev.Date == ""
	})
	an.inheritDates(events)
	undateDroppedPlans(events)
	backgroundStatus(events, an.art.Published)
	for i := range events {
		events[i].ID = schema.EventID(schema.ArticleID(an.art), events[i].Type, events[i].Sentence, i)
	}
	return events
}

// reClaim is a claim of responsibility made in a sentence of its own: "X
// claimed responsibility for both strikes", "X said in a statement that it
// had carried out the operations".
var reClaim = mustPrefilter(`\b(?:claim(?:s|ed|ing)?|t(?:ook|akes|aking)|accept(?:s|ed|ing)?) (?:full )?(?:responsibility|credit) for\b|\b(?:said|says|announced|stated|declared|claimed|claims)(?:,? in (?:a|an) (?:\S+ ){0,2}?(?:statement|post|message|video|communiqué),?)? (?:that )?(?:it|its fighters|its members) (?:had |has |have )?(?:carried out|conducted|launched|staged|executed|was behind|were behind|been behind|targeted|struck|attacked)\b`)

// claimedAttacks gives attacks no sentence names an attacker for to the
// group that claims them nearby: the claim usually follows the report
// ("One drone crashed near the runway ... The Islamic Resistance in Iraq
// said it had carried out both operations"), within two paragraphs.
func (an *analysis) claimedAttacks(events []newsgraph.Event) {
	if !slices.ContainsFunc(events, func(ev newsgraph.Event) bool { return ev.Type == newsgraph.EventAttack && ev.Actor == "" }) {
		return
	}
	for si := range an.doc.Sentences {
		text := an.doc.SentenceText(si)
		loc := reClaim.FindStringIndex(lowerKeepOffsets(text))
		if loc == nil {
			continue
		}
		claimant := actorRef{}
		sent := an.doc.Sentences[si]
		for _, m := range an.mentions[si] {
			s, e := m.Start-sent.Start, m.End-sent.Start
			if e > loc[0] || m.Apposition || m.Type != gazetteer.Organisation && m.Type != gazetteer.Country || m.Entry != nil && m.Entry.IsOutlet() ||
				reLocativeBefore.MatchString(text[max(0, s-40):s]) || reCompoundModifier.MatchString(text[e:min(len(text), e+3)]) {
				continue
			}
			claimant = actorRef{name: m.Name}
			if m.Type == gazetteer.Country {
				claimant.country = m.Country
			}
			break // the subject opens the clause
		}
		if claimant.name == "" {
			continue
		}
		para := sent.Paragraph
		for i := range events {
			ev := &events[i]
			p := an.doc.Sentences[ev.Sentence].Paragraph
			if ev.Type == newsgraph.EventAttack && ev.Actor == "" && !ev.Negated && p >= para-2 && p <= para {
				ev.Actor, ev.ActorCountryCode = claimant.name, claimant.country
			}
		}
	}
}

// inheritDates dates a completed event its sentence does not date by the
// episode it belongs to, in the order the article tells it:
//   - a dated, completed event at the same base, reported up to two
//     paragraphs before ("the last convoy left the Kidal camp on Tuesday ...
//     rebels occupied the camp");
//   - a dated event of the same type in the same sentence ("one drone
//     crashed near the runway at Harir, while a second was shot down over
//     Erbil");
//   - the scene the previous sentence of the paragraph sets at the same base
//     with a date anchored on publication ("The ceremony took place on
//     Thursday at Camp Geille. The camp was handed over to ..."), which
//     also sharpens a vaguer date the event got from the story ("this week").
func (an *analysis) inheritDates(events []newsgraph.Event) {
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return events[a].Sentence - events[b].Sentence })
	for _, i := range order {
		ev := &events[i]
		if ev.Status == newsgraph.StatusPlanned {
			continue
		}
		if d := an.sceneDate(*ev); d != "" && (ev.Date == "" || len(d) > len(ev.Date) && strings.HasPrefix(d, ev.Date)) {
			ev.Date = d
			continue
		}
		if ev.Date != "" {
			continue
		}
		para := an.doc.Sentences[ev.Sentence].Paragraph
		for j := range events {
			o := events[j]
			// A denied or failed step of the episode ("it had not been able to
			// hand the site over", "denied that the base had been evacuated")
			// is dated by it too; a denied plan or process is not, nor an
			// attack that did not happen ("the camp has not been targeted").
			if j == i || o.Date == "" || o.Status == newsgraph.StatusPlanned || o.Sentence > ev.Sentence || o.Negated || ev.Negated && (ev.Status != newsgraph.StatusCompleted || ev.Type == newsgraph.EventAttack) {
				continue
			}
			if o.Sentence == ev.Sentence {
				if o.Type == ev.Type {
					ev.Date = o.Date
				}
				continue
			}
			if d := para - an.doc.Sentences[o.Sentence].Paragraph; d < 0 || d > 2 {
				continue
			}
			if o.Type != newsgraph.EventAgreement && overlap(o.Bases, ev.Bases) {
				ev.Date = an.episodeDate(o, *ev)
			}
		}
	}
}

// sceneDate is the publication-anchored date of the previous sentence in
// the paragraph when that sentence names one of the event's bases and the
// event's own sentence has no date: the sentence continues the scene.
func (an *analysis) sceneDate(ev newsgraph.Event) string {
	si := ev.Sentence
	if si == 0 || ev.Negated || len(ev.Bases) == 0 || len(an.dates[si]) > 0 ||
		an.doc.Sentences[si-1].Paragraph != an.doc.Sentences[si].Paragraph {
		return ""
	}
	names := false
	for _, m := range an.mentions[si-1] {
		if m.Type == gazetteer.Base && slices.Contains(ev.Bases, m.Name) {
			names = true
		}
	}
	if !names {
		return ""
	}
	d := ""
	for _, dm := range an.dates[si-1] {
		if dm.Relative {
			d = dm.Value // the last: nearest the event
		}
	}
	return d
}

// hostType are the event types a state often carries out at home.
var hostType = map[string]bool{
	newsgraph.EventExercise: true, newsgraph.EventEstablishment: true, newsgraph.EventDeployment: true,
}

// leavingType are the event types whose agent is the side giving a base up.
var leavingType = map[string]bool{
	newsgraph.EventWithdrawal: true, newsgraph.EventHandover: true, newsgraph.EventClosure: true, newsgraph.EventRelocation: true,
}

// baseEntry returns the gazetteer entry of a base by canonical name.
func (an *analysis) baseEntry(name string) *gazetteer.Entry {
	for _, e := range an.p.gaz.Lookup(name, gazetteer.Base) {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// operates reports whether country code operates one of the bases.
func (an *analysis) operates(bases []string, code string) bool {
	for _, b := range bases {
		if e := an.baseEntry(b); e != nil && slices.Contains(e.Operators, code) {
			return true
		}
	}
	return false
}

// mayOperate reports whether country code could be the one acting on the
// bases: no base has a known operator list that leaves it out.
func (an *analysis) mayOperate(bases []string, code string) bool {
	for _, b := range bases {
		e := an.baseEntry(b)
		if e == nil || len(e.Operators) == 0 || code == "" || code == e.Country || slices.Contains(e.Operators, code) {
			return true
		}
	}
	return len(bases) == 0
}

// foreignOperator returns the one operator of the bases that is not their
// host, when there is exactly one.
func (an *analysis) foreignOperator(bases []string) string {
	found := ""
	for _, b := range bases {
		e := an.baseEntry(b)
		if e == nil {
			continue
		}
		for _, op := range e.Operators {
			if op == e.Country || an.p.gaz.CountryByCode(op) == nil {
				continue // the host itself, or an alliance such as NATO
			}
			if found != "" && found != op {
				return ""
			}
			found = op
		}
	}
	return found
}

// foreignOperatorNear is the one foreign operator of the bases, or, where a
// base has several ("Al Udeid": Qatar's, used by the US and Britain), the
// one of them the paragraph names ("a U.S. defense official said").
func (an *analysis) foreignOperatorNear(bases []string, para int) string {
	if code := an.foreignOperator(bases); code != "" {
		return code
	}
	var ops []string
	for _, b := range bases {
		if e := an.baseEntry(b); e != nil {
			for _, op := range e.Operators {
				if op != e.Country && an.p.gaz.CountryByCode(op) != nil && !slices.Contains(ops, op) {
					ops = append(ops, op)
				}
			}
		}
	}
	found := ""
	for si, s := range an.doc.Sentences {
		if s.Paragraph != para {
			continue
		}
		for _, m := range an.mentions[si] {
			if m.Type == gazetteer.Country && slices.Contains(ops, m.Country) {
				if found != "" && found != m.Country {
					return ""
				}
				found = m.Country
			}
		}
	}
	return found
}

// militaryContext reports whether sentence si is about armed forces: its
// own vocabulary or a base; or, in an article about them, a sentence that
// continues a military one and names a place ("The move follows France's
// departure from Chad last month.").
func (an *analysis) militaryContext(si int) bool {
	if an.military == nil {
		an.military = make([]bool, len(an.doc.Sentences))
		for i := range an.doc.Sentences {
			lower := strings.ToLower(an.doc.SentenceText(i))
			an.military[i] = reMilitary.MatchString(lower) || an.hasType(i, gazetteer.Base) || an.stateAttacksState(i, lower)
			if an.military[i] {
				an.militaryCount++
			}
		}
	}
	if an.military[si] || an.baseNounInMilitaryArticle(si) {
		return true
	}
	// The sentence before, or the one before that ("X announced the
	// handover. The move follows France's departure from Chad.").
	if an.militaryCount < 3 || si == 0 || !an.military[si-1] && (si < 2 || !an.military[si-2]) {
		return false
	}
	return slices.ContainsFunc(an.mentions[si], func(m mention) bool {
		return m.Type == gazetteer.Country || m.Type == gazetteer.Place || m.Type == gazetteer.Base
	}) || reDefiniteBase.MatchString(strings.ToLower(an.doc.SentenceText(si)))
}

// backReference reports a definite mention of an event of a type the
// article has already reported ("the treaty", "the withdrawal").
func (an *analysis) backReference(lower, typ string, start, end int) bool {
	return an.seen[typ] && reAnaphoricTrigger.MatchString(lower[max(0, start-4):end])
}

func (an *analysis) sentenceEvents(si int, text, lower, lastBase string) []newsgraph.Event {
	base := an.doc.Sentences[si].Start
	military := an.militaryContext(si)
	if !military && (len(an.seen) == 0 || !reAnaphoricNoun.MatchString(lower)) {
		return nil
	}
	var hits []triggerHit
	grams := newTextGrams(lower)
	for ti := range triggers {
		t := &triggers[ti]
		if !military && !an.seen[t.typ] {
			continue
		}
		for _, m := range t.re.FindAllStringIndexLower(lower, grams, -1) {
			if !military && !an.backReference(lower, t.typ, m[0], m[1]) {
				// Outside a military passage only a back-reference to an
				// event the article has reported counts: "The treaty was
				// signed at a virtual ceremony on Thursday".
				continue
			}
			hits = append(hits, triggerHit{typ: t.typ, start: m[0], end: m[1], t: t})
		}
	}
	// Longest trigger wins where two overlap ("hand over" inside "handover").
	slices.SortStableFunc(hits, func(a, b triggerHit) int {
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la
		}
		return a.start - b.start
	})
	var kept []triggerHit
	for _, h := range hits {
		if slices.ContainsFunc(kept, func(k triggerHit) bool { return h.start < k.end && k.start < h.end }) {
			continue
		}
		kept = append(kept, h)
	}
	slices.SortFunc(kept, func(a, b triggerHit) int { return a.start - b.start })

	clauses := an.clauseSpans(lower)
	var out []newsgraph.Event
	for _, h := range kept {
		cs, ce := clauseOf(clauses, h.start)
		if ce < h.end {
			// A trigger that spans a boundary ("a missile that landed
			// near the base") links what follows its last word.
			_, ce = clauseOf(clauses, h.end-1)
		}
		clause := lower[cs:ce]
		if as, _, ok := an.antecedentClause(lower, cs); ok {
			clause = lower[as:ce] // the main clause's subject stands before the relative clause
		}
		if h.t.needsFacility && !reFacility.MatchString(reNotAFacility.ReplaceAllString(clause, "")) && !an.hasTypeIn(si, base+cs, base+ce, gazetteer.Base) &&
			!(reRelativeStart.MatchString(clause) && (an.hasTypeIn(si, base+max(0, cs-120), base+cs, gazetteer.Base) || reFacility.MatchString(lower[max(0, cs-30):cs]))) &&
			!(h.typ == newsgraph.EventHandover && reSovereignty.MatchString(clause)) {
			continue
		}
		if h.t.needsObject && !an.objectFollows(si, base+h.end, base+ce) && !(h.typ == newsgraph.EventAttack && reStruckTarget.MatchString(lower[h.end:ce])) &&
			!(h.typ == newsgraph.EventWithdrawal && an.peopleSubject(si, base+h.start)) {
			continue
		}
		if !an.triggerPlausible(h, lower) || an.ruledOut(si, h, text, lower, cs) {
			continue
		}
		if h.typ == newsgraph.EventAgreement && (!an.agreementConcluded(si, h, cs, ce, lower) || !an.military[si] && !reSecurityTerms.MatchString(lower) && !an.backReference(lower, h.typ, h.start, h.end)) {
			// Trade, climate and budget deals fill the news; only a deal
			// its own sentence ties to security is an event here.
			continue
		}
		if h.typ == newsgraph.EventWithdrawal && reLeaveVerb.MatchString(lower[h.start:h.end]) && reForRotation.MatchString(lower[h.end:ce]) {
			// "leave Fort Hood next month for a rotation in Poland": a unit
			// setting out from home is deploying, not withdrawing.
			h.typ = newsgraph.EventDeployment
		}
		// The stretch of the sentence between the neighbouring triggers:
		// a sentence-level fallback must not take another event's place.
		lo, hi := 0, len(lower)
		for _, o := range kept {
			if o.end <= h.start && o.end > lo && o.typ != h.typ {
				lo = o.end
			}
			if o.start >= h.end && o.start < hi && o.typ != h.typ {
				hi = o.start
			}
		}
		for _, o := range kept {
			if o.typ == h.typ && o.start >= h.end && o.start < ce && (h.nextSame == 0 || o.start < h.nextSame) {
				h.nextSame = o.start
			}
			if o.typ == h.typ && o.end <= h.start && o.start >= cs {
				h.prevSame = true
			}
		}
		if h.prevSame && h.nextSame == 0 {
			h.nextSame = ce
		}
		takenFrom := -1
		if h.typ == newsgraph.EventDeployment && reTakeOver.MatchString(lower[h.start:h.end]) {
			if loc := reFromParty.FindStringIndex(lower[h.end:ce]); loc != nil {
				// "Senegal's army took over the Rufisque base from French
				// forces": the other side of a handover.
				h.typ, takenFrom = newsgraph.EventHandover, h.end+loc[0]
			}
		}
		if reNoTalk.MatchString(lower[cs:h.start]) {
			// "There has been no discussion on reducing the troop level",
			// "no request from Washington to reduce its presence": that
			// nobody raised it claims no event, not even a denied one.
			continue
		}
		ev := an.buildEvent(si, text, lower, h, cs, ce, lastBase)
		if takenFrom >= 0 {
			recipient := ev.CountryCode
			if ev.ActorCountryCode != "" {
				recipient = ev.ActorCountryCode
			}
			ev.Actor, ev.ActorOrganisation, ev.ActorCountryCode = "", "", ""
			for _, m := range an.mentions[si] {
				if s := m.Start - base; s >= takenFrom && s < ce && m.Type == gazetteer.Country {
					ev.Actor, ev.ActorCountryCode = m.Name, m.Country
					break
				}
			}
			if len(ev.Bases) == 0 && recipient != "" {
				ev.CountryCode, ev.Country = recipient, an.countryName(recipient)
			}
		}
		if ev.CountryCode != "" && !an.countryWithin(si, ev.CountryCode, lo, hi, ev) {
			ev.CountryCode, ev.Country = "", ""
		}
		if ev.Negated {
			denyRestated(out, ev, lower, h)
		}
		out = append(out, an.respectively(si, ev, lower, cs, ce)...)
	}
	// One event per type per clause: a second trigger of the same type in
	// the same clause ("withdrawal ... departure") restates the first.
	var merged []newsgraph.Event
	for _, ev := range out {
		if j := slices.IndexFunc(merged, func(m newsgraph.Event) bool {
			return m.Type == ev.Type && m.Negated == ev.Negated && (len(ev.Bases) == 0 || len(m.Bases) == 0 || overlap(m.Bases, ev.Bases)) &&
				(m.Actor == "" || ev.Actor == "" || m.Actor == ev.Actor) // "the US bombed ..., joining Israel's campaign": two attackers
		}); j >= 0 {
			merged[j] = combine(merged[j], ev)
			continue
		}
		merged = append(merged, ev)
	}
	return merged
}

// triggerPlausible rejects readings of trigger words that are not events:
// "strike a deal", "exercise its right", "target" as a noun after numbers.
// presentAtBase reports "troops are stationed at Al Udeid": a present
// presence at a named place the article reports as news; "stationed in
// South Korea" is the background the story is told against.
func (an *analysis) presentAtBase(lower string, h triggerHit) bool {
	return rePresentBe.MatchString(lower[max(0, h.start-40):h.start]) && strings.HasPrefix(lower[h.end:], " at ")
}

func (an *analysis) triggerPlausible(h triggerHit, lower string) bool {
	after := lower[h.end:]
	word := lower[h.start:h.end]
	switch h.typ {
	case newsgraph.EventAttack:
		if strings.HasPrefix(word, "strik") || word == "struck" {
			if reStrikeDeal.MatchString(after) {
				return false
			}
		}
		if strings.HasPrefix(word, "clash") && reVerbalClash.MatchString(after) {
			return false // "clashed over the budget", "clashes with police": no armed fighting
		}
		if reWeaponClass.MatchString(after) {
			return false // "an attack submarine", "a carrier strike group": a kind of unit
		}
		if reExerciseName.MatchString(after) {
			return false // "the Iron Strike exercise": the name of a drill
		}
		if reSimulated.MatchString(lower[max(0, h.start-40):h.start]) {
			return false // "designed to simulate a full-scale attack": a drill's scenario
		}
		if reHypothetical.MatchString(lower[max(0, h.start-30):h.start]) {
			return false // "bracing for strikes", "fears of an attack": none has happened
		}
		if reNaturalAgent.MatchString(lower[max(0, h.start-60):h.start]) || reLabourStrike.MatchString(lower[max(0, h.start-20):min(len(lower), h.end+15)]) {
			return false // "the typhoon struck Luzon", "workers went on strike"
		}
	case newsgraph.EventWithdrawal:
		if strings.HasSuffix(word, "harm's way") || strings.HasSuffix(word, "harm’s way") {
			return false // "moved assets out of harm's way": protection, not withdrawal
		}
		if reWithdrawNonMilitary.MatchString(after) {
			return false // "withdrew its objection", "withdrew its ambassador": not forces
		}
	case newsgraph.EventExercise:
		if reExerciseRight.MatchString(after) {
			return false
		}
		if strings.HasSuffix(word, "edition") && !an.seen[newsgraph.EventExercise] {
			return false // "this year's edition" of an exercise the article has named
		}
	case newsgraph.EventAgreement:
		if strings.HasPrefix(word, "sign") && reSignsOf.MatchString(after) {
			return false // "signs of", "signals of"
		}
		if strings.HasPrefix(word, "arrangement") && rePracticalArrangement.MatchString(lower[:h.start]) {
			return false // "storage arrangements", "logistical arrangements": how things are done, not a pact
		}
		if (strings.HasPrefix(word, "agree") || strings.HasPrefix(word, "sign")) && reArrangementObject.MatchString(after) {
			return false // "agreed new storage arrangements"
		}
		if word == "agreed" && rePlanNounBefore.MatchString(lower[:h.start]) {
			return false // "the schedule agreed with the coalition": a plan, not a new deal
		}
	case newsgraph.EventClosure:
		if reClosureIdiom.MatchString(after) {
			return false
		}
	case newsgraph.EventDeployment:
		// "troops stationed in Niger" describes where they are, not an
		// event: a participle right after its noun, with no auxiliary.
		if (word == "stationed" || word == "deployed" && !strings.HasPrefix(strings.TrimSpace(after), "to ")) && reStateNoun.MatchString(lower[:h.start]) &&
			!((word == "stationed" || word == "deployed") && an.presentAtBase(lower, h)) {
			return false
		}
		if (strings.HasPrefix(word, "has hosted") || strings.Contains(word, " led ")) && !reSinceAfter.MatchString(lower[h.end:]) {
			return false // "has hosted U.S. troops": background, unless dated by its start
		}
		if strings.HasPrefix(word, "rotating") && reStateNoun.MatchString(lower[:h.start]) {
			return false // "the 10,000 American troops rotating through Poland": who is there
		}
		if word == "stationed" && reStationedState.MatchString(after) && !an.presentAtBase(lower, h) {
			return false // "had been stationed in Senegal": where they were
		}
	case newsgraph.EventEstablishment:
		if reFormationGap.MatchString(word) {
			return false // "formed part of the 82nd Airborne Division", "launched by the command"
		}
		if strings.HasPrefix(word, "open") && reOpenIdiom.MatchString(after) {
			return false
		}
		if (strings.HasPrefix(word, "buil") || strings.HasPrefix(word, "construct") || strings.HasPrefix(word, "set")) && reBuiltThing.MatchString(after) {
			return false // "residents built shelters", "built trenches near the base": no new base
		}
		if buildingIsNoun(lower, h.start, h.end) {
			return false // "the main building of the naval base"
		}
		if word == "open" && !reModalBefore.MatchString(lower[:h.start]) {
			return false // "with their nose cones open": an adjective
		}
	}
	return true
}

var (
	reNominalAgreement = regexp.MustCompile(`^(?:agreements?|deals?|accords?|pacts?|treat(?:y|ies)|arrangements?|memorandum)$`)
	// Verbs that make an agreement news: concluding, changing or ending it.
	reConcluding     = regexp.MustCompile(`\b(?:sign(?:s|ed|ing)?|agree(?:s|d|ing)?|reach(?:es|ed|ing)?|strike|strikes|struck|striking|conclud(?:e|es|ed|ing)|seal(?:s|ed|ing)?|ink(?:s|ed|ing)?|finali[sz](?:e|es|ed|ing)|approv(?:e|es|ed|ing)|ratif(?:y|ies|ied|ying)|announc(?:e|es|ed|ing)|unveil(?:s|ed|ing)?|renew(?:s|ed|ing)?|extend(?:s|ed|ing)?|negotiat(?:e|es|ed|ing)|broker(?:s|ed|ing)?|forg(?:e|es|ed|ing)|clinch(?:es|ed|ing)?|cancel(?:s|led|ed|ling|ing)?|terminat(?:e|es|ed|ing)|scrap(?:s|ped|ping)?|suspend(?:s|ed|ing)?|revok(?:e|es|ed|ing)|withdr[ae]w from)\b`)
	reYearModifier   = regexp.MustCompile(`\b(?:19|20)\d{2}(?:'s|’s)?\s+(?:\S+\s+){0,3}$`)
	reOwnSubject     = regexp.MustCompile(`^,\s+and\s+(?:the|its|their|some|many|most|other|\p{L}+-(?:led|backed|aligned|allied))\s`)
	rePlanNounBefore = regexp.MustCompile(`\b(?:schedule|timetable|timeline|plan|roadmap|terms|framework|deadline|date|conditions|arrangements?|steps)\s+(?:previously\s+|already\s+|jointly\s+)?$`)
	reItSubject      = regexp.MustCompile(`^it\s+(?:has\s+|had\s+|was\s+|is\s+)?(?:also\s+|repeatedly\s+|previously\s+|since\s+)?(?:came|come|been|was|were|has|had|is)\b`)
	reThereAfter     = regexp.MustCompile(`^\s+there\b`)
	rePossessiveGap  = regexp.MustCompile(`^(?:'s|’s)\s+`)
	// "no discussion between Seoul and Washington on reducing": a denied
	// plan, however many words stand between the noun and the trigger.
	reNoTalk          = regexp.MustCompile(`\b(?:no|not any|never any)\s+(?:\S+\s+)?(?:discussions?|requests?|talks|consideration|proposals?)\s+(?:\S+\s+){0,8}?(?:on|to|about|of|for|regarding)\s+(?:\S+\s+){0,3}$`)
	reNoDeliberation  = regexp.MustCompile(`\b(?:no|not any|never any)\s+(?:\S+\s+)?(?:discussions?|plans?|requests?|decisions?|intention|proposals?|talks|orders?|consideration|agreement)\s+(?:\S+\s+){0,8}?(?:on|to|about|of|for|regarding)\s+(?:\S+\s+){0,3}$`)
	rePassiveBefore   = regexp.MustCompile(`\b(?:was|were|been|being|be|is|are)\s+(?:\S+\s+)?$`)
	reNominalTrigger  = regexp.MustCompile(`^(?:handover|hand-over|withdrawal|pullout|pull-out|departure|closure|relocation|transfer|drawdown)s?$`)
	reUnderBefore     = regexp.MustCompile(`\bunder\s+(?:a|an|the|its|their|this|that|these|those)\s+(?:\S+\s+){0,4}$`)
	reLocativeGap     = regexp.MustCompile(`^\s*(?:(?:in|at|near|outside|on)\s+(?:the\s+)?(?:\S+\s+)?){1,2}$`) // "at Ream in"
	rePlannedTrigger  = regexp.MustCompile(`^(?:to|will|would|could|may|might|shall|plans to|order(?:s|ed|ing)?)\s`)
	reNaturalAgent    = regexp.MustCompile(`\b(?:storm|typhoon|hurricane|cyclone|earthquake|quake|tremor|flood(?:s|ing)?|tsunami|lightning|wildfires?|landslides?|heatwave|drought|disease|outbreak|pandemic|virus|recession|crisis|tornado|blizzard|eruption)\s+(?:\S+\s+){0,3}$`)
	reLabourStrike    = regexp.MustCompile(`\b(?:on strike|general strike|strike action|hunger strike|workers'? strikes?|labou?r strikes?|strike by (?:workers|unions?|teachers|doctors|nurses|drivers|pilots|staff))\b`)
	reRelativeStart   = regexp.MustCompile(`^,\s+(?:which|where)\b`)
	reRatherThan      = regexp.MustCompile(`\b(?:rather than|instead of)\s*$`)
	reDepartingTroops = regexp.MustCompile(`(?i)\b(?:the\s+)?(?:departing|withdrawing|outgoing|evacuated|redeployed)\s+(?:\S+\s+)?(?:troops|forces|soldiers|personnel|units|marines|advisers|equipment)\b`)
	reHypothetical    = regexp.MustCompile(`\b(?:bracing for|braced for|brace for|fears? of|threats? of|risk of|warn(?:ed|s|ing)? of|prepar(?:e|ed|ing) for)\s+(?:an?\s+|the\s+|possible\s+|further\s+|more\s+|new\s+|retaliatory\s+)*$`)
	reEvidential      = regexp.MustCompile(`\b(?:show(?:s|ed|n)?|indicat(?:e|es|ed)|suggest(?:s|ed)|reveal(?:s|ed)|confirm(?:s|ed))\b`)
	reModalInTrigger  = mustPrefilter(`\s(?:will|would|shall)\s`) // "field training will take place"
	reInPrinciple     = regexp.MustCompile(`^\s+in principle\b`)
	// A back-reference dated by the verb that completes it: "the treaty was
	// signed at a virtual ceremony on", "the handover, completed on".
	reConcludedBefore = regexp.MustCompile(`^(?:\s+in principle)?,?\s+(?:(?:was|were|has been|had been|is|are)\s+)?(?:formally\s+|officially\s+|finally\s+)?(?:signed|announced|concluded|reached|sealed|finali[sz]ed|ratified|completed|finished|took place|began|started|ended|held|carried out)\b[^,;]{0,50}?\s(?:on|in|at|during|late|early|last|this)?\s*$`)
	reAlternative     = regexp.MustCompile(`\b(?:rather than|instead of)\b`)
	reUntilBefore     = regexp.MustCompile(`\b(?:until|till|through|to)\s+$`)
	// "U.S. Defense Secretary Lloyd Austin and Kenyan Defence Cabinet
	// Secretary Aden Duale signed": two officials for two states.
	reTitledCoord       = regexp.MustCompile(`(?i)^(?:(?:defen[cs]e|foreign|prime|cabinet|deputy|vice|army|navy|state|interior)\s+)*(?:secretary|minister|president|premier|chancellor|general|admiral|commander|envoy|ambassador)\b[^,;]{0,40}\s+and$`)
	reSecurityTerms     = regexp.MustCompile(`\b(?:security|defen[cs]e|basing|bases?|status of forces|sofa|lease|sovereignty|withdrawal|pullout|presence|deployment|ceasefire|truce|cost-sharing|burden-sharing|host-nation support|special measures)\b`)
	reHomeBody          = regexp.MustCompile(`^(?:'s|’s)?\s+(?:\S+\s+)?(?:government|authorities|army|junta|military|parliament|president|prime minister|ministry|paramilitary)\b`)
	reByDate            = regexp.MustCompile(`^\s+by\s+(?:\d|the end|late|early|mid|next|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)`)
	reAttributionClause = regexp.MustCompile(`^(?:,\s+|\s)(?:according to|citing|saying|adding|noting|stressing|said|told|who said)\b`)
	reBeganAfter        = regexp.MustCompile(`^(?:\s+\S+){0,3},?\s+(?:which|that)\s+(?:began|started|was launched|were launched|opened)\s+(?:(?:on|in)\s+)?`)
	reModalBefore       = regexp.MustCompile(`\b(?:to|will|would|could|can|may|might|shall|did|does|do|not|n't)\s+(?:\S+\s+)?$`)
	rePresenceOf        = regexp.MustCompile(`^(?:'s|’s)\s+(?:military\s+|troop\s+|own\s+)?(?:presence|mission|troops|forces|footprint|contingent|deployment)\b`)
	reSinceBefore       = regexp.MustCompile(`\bsince\s+$`)
	rePartOf            = regexp.MustCompile(`\b(?:step|steps|phase|stage|part|start|end)\s+(?:in|of)\s+(?:a|an|the|its|their)\s+(?:\S+\s+){0,2}$`)
	reForcesPossessed   = regexp.MustCompile(`^(?:'s|’s)\s+(?:(?:\S+\s+)?(?:troops|forces|soldiers|military|army|navy|air force|personnel|units|marines|jets|warships|drones|aircraft|defen[cs]e)\b|(?:\S+\s+){0,4}?(?:base|bases|facility|facilities|site|installation|garrison|outpost|camp|airfield|station)\b)`)
	reForcesInTrigger   = regexp.MustCompile(`^\s+(?:\S+\s+)?(?:troops?|forces|contingents?|garrisons?|soldiers|personnel|military|presence|deployments?|marines|sailors|airmen|warships|jets)\b`)
	reLandmarkBefore    = regexp.MustCompile(`(?i)\b(?:next to|near|beside|adjacent to|close to|alongside|opposite)\s+(?:the\s+)?(?:(?:\S+\s+){0,2}?\S+(?:'s|’s|'|’)\s+)?$`)
	reRespectively      = regexp.MustCompile(`\brespectively\b`)
	reClaimed           = regexp.MustCompile(`^\s+(?:has\s+|had\s+|have\s+)?(?:claimed|claims|claiming|took|takes|accepted)\s+(?:responsibility\s+for\s+|credit\s+for\s+)?(?:\S+\s+){0,4}$`)
	reDestination       = regexp.MustCompile(`\b(?:to|into|towards?)\s+(?:the\s+)?$`)
	reWhereStart        = regexp.MustCompile(`^,\s+where\b`)
	reHostedBy          = regexp.MustCompile(`^(?:\s+\S+){0,3}?,?\s+(?:hosted|led|organi[sz]ed|run)\s+by\s+(?:the\s+)?$`)
	reWhichBefore       = regexp.MustCompile(`^(?:\s+\S+){0,3}?,\s+which\s+$`)
	reWhichHosts        = regexp.MustCompile(`^\S+(?:\s+\S+)?\s+(?:will\s+|is\s+|also\s+)?(?:host|hosts|hosted|hosting|leads|led|organi[sz]es|organi[sz]ed)\b`)
	reWhichAfter        = regexp.MustCompile(`^(?:\s+\S+){0,3}?,\s+which\s+`)
	// "the defence industrial base", "his political base", "the base of
	// the mountains": bases that are not installations.
	reNotAFacility        = mustPrefilter(`\b(?:industrial|political|voter|customer|tax|fan|power|manufacturing|export|knowledge|capital|asset|user|electoral|donor|supplier|subscriber|revenue) bases?\b|\bbases? (?:of|for) (?:the|a|an|its|their|his|her) (?:mountains?|hills?|cliffs?|tree|spine|skull|neck|pyramid|economy|support|pay|salary)\b|\bbase (?:salary|pay|rate|case|price|year|line|model|metal|camp|station)\b`)
	reWithdrawNonMilitary = regexp.MustCompile(`^\s+(?:(?:its|the|their|his|her|a)\s+)?(?:\S+\s+)?(?:objections?|support|bid|offer|nominations?|candidacy|complaints?|lawsuits?|applications?|requests?|claims?|motions?|proposals?|recognition|ambassadors?|envoys?|accreditation|funding|resignation|statement|remarks|comments|consent|membership|application)\b`)
	reTakeOver            = regexp.MustCompile(`^(?:take|takes|taken|took|taking|assum\w+) (?:over|full control|control|charge)`)
	reFromParty           = regexp.MustCompile(`\bfrom\s+(?:the\s+)?(?:\S+\s+)?(?:forces|troops|army|military|soldiers|contingent|peacekeepers|mission)\b`)
	reBetween             = regexp.MustCompile(`^\s+(?:signed\s+|reached\s+)?between\s+(?:the\s+)?$`)
	reToRecipient         = regexp.MustCompile(`(?i)\bto\s+(?:the\s+)?$`)
	reLeaveVerb           = regexp.MustCompile(`^(?:leave|leaves|leaving|left|depart(?:s|ed|ing)?)$`)
	reForRotation         = regexp.MustCompile(`\bfor (?:a |an |its |their |the )?(?:\S+ ){0,3}?(?:rotation|deployment|mission|tour|posting)\b`)
)

// respectively splits "the bases in Faya-Largeau and Abéché were returned
// in December and earlier this month respectively" into one event per base,
// each with its own date, when the clause pairs as many dates as bases.
func (an *analysis) respectively(si int, ev newsgraph.Event, lower string, cs, ce int) []newsgraph.Event {
	if len(ev.Bases) < 2 || !reRespectively.MatchString(lower[cs:ce]) {
		return []newsgraph.Event{ev}
	}
	sent := an.doc.Sentences[si]
	var dates []string
	for _, d := range an.dates[si] {
		if d.Start-sent.Start >= cs && d.End-sent.Start <= ce {
			dates = append(dates, d.Value)
		}
	}
	if len(dates) != len(ev.Bases) {
		return []newsgraph.Event{ev}
	}
	out := make([]newsgraph.Event, len(ev.Bases))
	for k, b := range ev.Bases {
		e := ev
		e.Bases, e.Date = []string{b}, dates[k]
		out[k] = e
	}
	return out
}

// agreementConcluded reports whether an agreement noun reports news: the
// clause concludes, changes or ends it ("signed a defence pact"), or dates
// it ("a 2012 agreement"). An agreement only referred to ("troops remain
// under an agreement", "welcomed the deal", "these agreements will be
// honoured") is background, not an event.
func (an *analysis) agreementConcluded(si int, h triggerHit, cs, ce int, lower string) bool {
	if !reNominalAgreement.MatchString(lower[h.start:h.end]) {
		return true
	}
	clause := lower[cs:ce]
	if reUnderBefore.MatchString(lower[cs:h.start]) {
		// "under a deal with the junta" is the frame of another event;
		// "under a 49-year agreement signed in 2017" also reports one.
		return reConcluding.MatchString(lower[h.end:ce])
	}
	if reConcluding.MatchString(clause) || reYearModifier.MatchString(lower[cs:h.start]) {
		return true
	}
	sent := an.doc.Sentences[si]
	for _, d := range an.dates[si] {
		if d.Start-sent.Start >= cs && d.End-sent.Start <= ce {
			return true
		}
	}
	return false
}

// clauseSpans splits a sentence into clause ranges. Each sentence's spans
// are kept, since date resolution and then the event rules ask for them
// many times over; callers only read them.
func (an *analysis) clauseSpans(lower string) [][2]int {
	if spans, ok := an.clauseSpansMemo[lower]; ok {
		return spans
	}
	if an.clauseSpansMemo == nil {
		an.clauseSpansMemo = map[string][][2]int{}
	}
	spans := splitClauses(lower)
	an.clauseSpansMemo[lower] = spans
	return spans
}

func splitClauses(lower string) [][2]int {
	var spans [][2]int
	start := 0
	for _, m := range findAllIndex(reClause, clauseStarts, lower) {
		if m[0] > start {
			spans = append(spans, [2]int{start, m[0]})
		}
		start = m[0]
	}
	spans = append(spans, [2]int{start, len(lower)})
	// "The base, which was built in the 1970s, was handed over on
	// Thursday": a relative clause closed by a comma before the main verb
	// ends there; the main clause goes on after it.
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		if !reRelativeOpen.MatchString(lower[sp[0]:sp[1]]) {
			continue
		}
		if loc := reMainVerbAfter.FindStringIndex(lower[sp[0]+2 : sp[1]]); loc != nil {
			cut := sp[0] + 2 + loc[0]
			spans = slices.Insert(spans, i+1, [2]int{cut, sp[1]})
			spans[i][1] = cut
			i++
		}
	}
	return spans
}

var (
	reRelativeOpen = regexp.MustCompile(`^,\s+(?:which|who)\s`)
	// The main verb group after a closed relative clause: ", was handed
	// over", ", has since closed", ", withdrew".
	reMainVerbAfter = regexp.MustCompile(`,\s+(?:(?:also|now|then|already|recently|still|later|finally|formally|officially|quietly|reportedly)\s+)?(?:(?:has|have|had|is|are|was|were|will|would|could|can|may|might|shall|did|does)\s|[a-z]+ed\s+(?:on|in|at|to|from|the|its|their|last|this|a|an|over|out|back)\s)`)
)

// antecedentClause returns the clause before a closed relative clause that
// ends at cs: where the subject of the main clause starting at cs stands
// ("The base" in "The base, which was built in the 1970s, was handed over").
func (an *analysis) antecedentClause(lower string, cs int) (int, int, bool) {
	spans := an.clauseSpans(lower)
	for i, sp := range spans {
		if sp[1] == cs && i > 0 && sp[0] != cs && reRelativeOpen.MatchString(lower[sp[0]:sp[1]]) && spans[i-1][1] == sp[0] {
			return spans[i-1][0], sp[0], true
		}
	}
	return 0, 0, false
}

func clauseOf(spans [][2]int, pos int) (int, int) {
	for _, s := range spans {
		if pos >= s[0] && pos < s[1] {
			return s[0], s[1]
		}
	}
	return 0, spans[len(spans)-1][1]
}

func (an *analysis) hasType(si int, typ string) bool {
	for _, m := range an.mentions[si] {
		if m.Type == typ {
			return true
		}
	}
	return false
}

func (an *analysis) hasTypeIn(si, start, end int, typ string) bool {
	for _, m := range an.mentions[si] {
		if m.Type == typ && m.Start >= start && m.End <= end {
			return true
		}
	}
	return false
}

// peopleSubject reports a nation's people as the subject right before a
// verb such as "left": "after the Americans left", "the French have
// departed" (their forces, in security news).
func (an *analysis) peopleSubject(si, at int) bool {
	for _, m := range an.mentions[si] {
		if m.Type != gazetteer.Country || m.Role != gazetteer.RoleDemonym || m.End > at {
			continue
		}
		gap := strings.ToLower(an.doc.Text[m.End:at])
		before := strings.ToLower(an.doc.Text[max(0, m.Start-4):m.Start])
		word := an.doc.Text[m.Start:m.End]
		if reAuxGap.MatchString(gap) && strings.HasSuffix(before, "the ") && (strings.HasSuffix(word, "s") || strings.HasSuffix(word, "ch") || strings.HasSuffix(word, "sh")) {
			return true // "the Americans", "the French", "the British"
		}
	}
	return false
}

var reAuxGap = regexp.MustCompile(`^\s+(?:(?:have|had|has|finally|all|already)\s+)*$`)

// objectFollows reports a base, country or place right after a trigger
// such as "left" or "exit" (at most a determiner between), used as the
// object itself, not as a modifier: "left Niger" and "left the base", but
// not "left 100 U.S. service members".
func (an *analysis) objectFollows(si, from, clauseEnd int) bool {
	for _, m := range an.mentions[si] {
		if m.Start < from || m.Start > clauseEnd {
			continue
		}
		if m.Type == gazetteer.Organisation || m.Role == gazetteer.RoleDemonym {
			continue
		}
		gap := strings.ToLower(strings.TrimSpace(an.doc.Text[from:m.Start]))
		if !reObjectGap.MatchString(gap) {
			continue
		}
		if m.Type != gazetteer.Base && reModifierUse.MatchString(an.doc.Text[m.End:min(len(an.doc.Text), m.End+40)]) {
			continue
		}
		return true
	}
	gap := strings.ToLower(an.doc.Text[from:min(clauseEnd, from+40)])
	return reObjectBase.MatchString(gap)
}

func (an *analysis) buildEvent(si int, text, lower string, h triggerHit, cs, ce int, lastBase string) newsgraph.Event {
	an.retenseDates(si) // before any rule reads the sentence's dates
	sent := an.doc.Sentences[si]
	abs := func(i int) int { return sent.Start + i }
	ev := newsgraph.Event{
		Type: h.typ, Bases: []string{}, Sentence: si,
		Trigger:  text[h.start:h.end],
		Evidence: text,
		Span:     newsgraph.Span{Start: sent.Start, End: sent.End},
	}
	inClause := func(m mention) bool { return m.Start >= abs(cs) && m.End <= abs(ce) }

	// Bases: those named in the clause; else a definite "the base" refers
	// back to the last base the article named.
	for _, m := range an.mentions[si] {
		// An agreement's terms often sit in a clause of their own ("signed
		// a treaty ... while keeping the base on Diego Garcia").
		if m.Type == gazetteer.Base && (inClause(m) || h.typ == newsgraph.EventAgreement) && !slices.Contains(ev.Bases, m.Name) {
			ev.Bases = append(ev.Bases, m.Name)
		}
	}
	if reRelativeOpen.MatchString(lower[cs:ce]) && !strings.Contains(lower[h.end:ce], ",") || reRelativeOpen.MatchString(lower[cs:ce]) && !an.hasTypeIn(si, abs(h.end), abs(h.end+strings.IndexByte(lower[h.end:ce], ',')), gazetteer.Base) {
		// "Rudninkai Military Camp, which Lithuania is building in a
		// forest, and at the garrison in Rukla": a relative clause whose
		// verb leaves its object unsaid is about the base it follows.
		for _, m := range an.mentions[si] {
			if m.Type == gazetteer.Base && m.End <= abs(cs) && abs(cs)-m.End <= 1 && !an.hasTypeIn(si, abs(cs), abs(h.start), gazetteer.Base) {
				ev.Bases = []string{m.Name}
			}
		}
	}
	if h.nextSame > 0 {
		// Another trigger of this type follows in the clause: each keeps
		// the bases named between it and the next.
		var own []string
		for _, m := range an.mentions[si] {
			if m.Type == gazetteer.Base && m.Start >= abs(h.start) && m.Start < abs(h.nextSame) && !slices.Contains(own, m.Name) {
				own = append(own, m.Name)
			}
		}
		if len(own) > 0 {
			ev.Bases = own
		}
	}
	landmark := false
	backRef := "" // a base "the base" refers back to, not named in the clause
	if h.typ == newsgraph.EventEstablishment && len(ev.Bases) > 0 {
		// "runways built on reclaimed land next to Camp Schwab": a
		// landmark, not what is being built.
		built := []string{}
		for _, m := range an.mentions[si] {
			if m.Type == gazetteer.Base && slices.Contains(ev.Bases, m.Name) && !reLandmarkBefore.MatchString(text[max(0, m.Start-sent.Start-40):m.Start-sent.Start]) {
				built = append(built, m.Name)
			}
		}
		landmark = len(built) < len(ev.Bases)
		ev.Bases = built
	}
	if as, ae, ok := an.antecedentClause(lower, cs); ok && len(ev.Bases) == 0 && !landmark {
		// The main clause after a relative one: its subject may be the base.
		for _, m := range an.mentions[si] {
			if m.Type == gazetteer.Base && m.Start >= abs(as) && m.End <= abs(ae) && !slices.Contains(ev.Bases, m.Name) {
				ev.Bases = append(ev.Bases, m.Name)
			}
		}
		if len(ev.Bases) == 0 && lastBase != "" && reDefiniteBase.MatchString(lower[as:ae]) && !an.definiteBaseElsewhere(si, lower, as, ae, lastBase) {
			ev.Bases = append(ev.Bases, lastBase)
		}
	}
	if len(ev.Bases) == 0 && !landmark && reDefiniteBase.MatchString(lower[cs:ce]) && sameConjunctBase(lower, h, cs, ce) {
		// "the base" refers back to the last base named, in this sentence
		// ("pulled out of the Kidal camp, and rebels occupied the base")
		// or before it.
		ref := lastBase
		for _, m := range an.mentions[si] {
			if m.Type == gazetteer.Base && m.End <= abs(cs) {
				ref = m.Name
			}
		}
		if ref != "" && an.definiteBaseElsewhere(si, lower, cs, ce, ref) {
			ref = "" // "its military base in Gabon" is not the base named before
		}
		if ref != "" {
			ev.Bases = append(ev.Bases, ref)
			backRef = ref
		}
	}
	if len(ev.Bases) == 0 && (h.typ == newsgraph.EventRelocation || h.typ == newsgraph.EventDeployment) && ce < len(lower) && reWhereStart.MatchString(lower[ce:min(len(lower), ce+10)]) {
		// "shift the equipment to Libya, where Russian forces operate from
		// al-Khadim air base": the clause describes the destination.
		ne := len(lower)
		if ns, nend := clauseOf(an.clauseSpans(lower), ce); ns == ce {
			ne = nend
		}
		for _, m := range an.mentions[si] {
			if m.Type == gazetteer.Base && m.Start >= abs(ce) && m.End <= abs(ne) && !slices.Contains(ev.Bases, m.Name) {
				ev.Bases = append(ev.Bases, m.Name)
			}
		}
	}
	if len(ev.Bases) == 0 && reRelativeStart.MatchString(lower[cs:min(ce, cs+10)]) {
		// ", which opened in 2017", ", where an attack killed three":
		// the relative clause is about the base just before it.
		for _, m := range an.mentions[si] {
			if m.Type == gazetteer.Base && m.End <= abs(cs) && abs(cs)-m.End <= 120 {
				ev.Bases = []string{m.Name}
			}
		}
	}
	if len(ev.Bases) == 0 && si > 0 && an.doc.Sentences[si-1].Paragraph == sent.Paragraph &&
		(cs == 0 && reItSubject.MatchString(lower) || reThereAfter.MatchString(lower[h.end:ce])) {
		// "It came under rocket fire in January", "units relocated there":
		// the base the previous sentence named.
		if ms := an.mentions[si-1]; len(ms) > 0 {
			for k := len(ms) - 1; k >= 0; k-- {
				if ms[k].Type == gazetteer.Base {
					ev.Bases = append(ev.Bases, ms[k].Name)
					break
				}
			}
		}
	}
	for _, m := range an.mentions[si] {
		if m.Type == gazetteer.Place && inClause(m) && !slices.Contains(ev.Places, m.Name) {
			ev.Places = append(ev.Places, m.Name)
		}
	}

	an.placesAsBases(&ev, si, lower, cs, ce)
	an.numberedBases(&ev, si, lower, cs, ce) // "the two sites"
	if len(ev.Bases) == 0 && siteTypes[ev.Type] || len(ev.Bases) == 0 && ev.Type == newsgraph.EventAttack {
		if b := an.forwardBase(si, lower, cs, ce, an.clauseCountries(si, abs(cs), abs(ce)), ev.Type); b != "" {
			ev.Bases = append(ev.Bases, b)
		} else if ev.Type == newsgraph.EventAttack {
			if b := an.soleSentenceBase(si, lower, h.start); b != "" {
				ev.Bases = append(ev.Bases, b)
			}
		}
	}
	partOf := reNominalTrigger.MatchString(lower[h.start:h.end]) && rePartOf.MatchString(lower[max(0, h.start-60):h.start])
	if partOf {
		// "the latest step in a phased withdrawal of foreign troops": the
		// larger process the sentence's own event belongs to.
		ev.Bases = nil
	}
	if partOf || (reAnaphoricTrigger.MatchString(lower[max(0, h.start-4):h.end]) || an.bareRepeat(lower, h, cs)) && len(ev.Bases) == 0 &&
		(!reLocativeAfter.MatchString(lower[h.end:ce]) || reByDate.MatchString(lower[h.end:ce]) || reInPrinciple.MatchString(lower[h.end:ce])) {
		// "carry out the withdrawal": a back-reference to an event the
		// article already reported; merging gives it that event's actor,
		// country and date.
		before := lower[cs:h.start]
		ev.Negated = negated(lower, before, cs) || stoppedEvent(lower, cs, h.start, h.end)
		ev.Status = status(lower[cs:ce], before, lower[h.start:h.end])
		ev.Places = nil
		an.anaphoric[ownSubjectKey(ev)] = true
		if !partOf && !ev.Negated && ev.Status != newsgraph.StatusPlanned {
			// "The treaty was signed at a ceremony on Thursday": the
			// back-reference dates the event it refers to.
			sent := an.doc.Sentences[si]
			for _, d := range an.dates[si] {
				if s, e := d.Start-sent.Start, d.End-sent.Start; s >= h.end && e <= ce && reConcludedBefore.MatchString(lower[h.end:s]) {
					ev.Date = d.Value
					break
				}
			}
		}
		if a, ok := an.claimant(si, text, h, cs); ok && h.typ == newsgraph.EventAttack {
			ev.Actor, ev.ActorCountryCode = a.name, a.country // "Islamic State claimed the attack"
		}
		return ev
	}
	actor := an.findActor(si, text, h, cs, ce)
	if h.typ == newsgraph.EventExercise {
		// "Exercise Talisman Sabre, which Australia will host": the host
		// runs the exercise others take part in.
		if a, ok := an.exerciseHost(si, text, h); ok {
			actor = a
		}
	}
	if actor.ownSubject {
		an.ownSubject[ownSubjectKey(ev)] = true
	}
	if backRef != "" && actor.country != "" && len(ev.Bases) == 1 && reOwnBase.MatchString(lower[cs:h.end]) {
		// "China has expanded its naval base" after a story about Ain
		// al-Asad: the actor's own base is not one it has no part in.
		if e := an.baseEntry(backRef); e != nil && len(e.Operators) > 0 && e.Country != actor.country && !slices.Contains(e.Operators, actor.country) {
			ev.Bases = ev.Bases[:0]
		}
	}
	npActor, npBases, npCountry, npSpan, np := an.nounPhraseArgs(si, lower, h)
	if np {
		if npActor.name != "" {
			actor = npActor
		}
		if len(npBases) > 0 || npCountry != "" {
			// The target phrase names where; a clause's other bases are
			// another event's.
			ev.Bases = append([]string{}, npBases...)
		}
	}
	placeActor := actor // where the event is, read before an agent phrase fills the actor
	if actor.name == "" || reNominalTrigger.MatchString(lower[h.start:h.end]) || reAttackNoun.MatchString(lower[h.start:h.end]) {
		// "missile attacks by Yemen's Houthi rebels": an event noun's own
		// agent phrase outranks the clause's subject.
		if a, ok := an.agentAfter(si, lower, h); ok {
			actor = a
		}
	}
	ev.Actor = actor.name
	ev.ActorOrganisation = actor.organisation
	ev.ActorCountryCode = actor.country
	ev.CountryCode = an.eventCountry(si, text, lower, h, cs, ce, ev, placeActor)
	switch {
	case np && npCountry == "-":
		ev.CountryCode = "" // "attacks on U.S. positions in the region": nowhere said
	case np && npCountry != "":
		ev.CountryCode = npCountry // the target phrase says where
	}
	if h.typ == newsgraph.EventExercise && ev.CountryCode == "" && actor.country != "" {
		ev.CountryCode = actor.country // an exercise is held where its host is, unless the text says otherwise
	}
	if ev.CountryCode != "" {
		ev.Country = an.countryName(ev.CountryCode)
	}
	before := lower[cs:h.start]
	ev.Negated = negated(lower, before, cs) || negatorInTrigger(lower[h.start:h.end]) || reportedFalse(lower, h.start, h.end) || stoppedEvent(lower, cs, h.start, h.end)
	ev.Status = status(lower[cs:ce], before, lower[h.start:h.end])
	if np {
		cs = npSpan[0] // an event noun is dated from its own phrase on, not by the clause before it
	}
	ev.Date = an.eventDate(si, h, cs, ce, ev.Status == newsgraph.StatusPlanned, ev.Negated)
	if an.dateFromReport {
		an.reportDated[ownSubjectKey(ev)] = true
	}
	an.applyTree(si, h, &ev)
	if h.typ == newsgraph.EventAttack {
		an.dayText[ownSubjectKey(ev)] = dayPhrase(lower[max(cs, h.start-40):ce]) // the day told with the attack, not another predicate's
	}
	if ev.Date == "" && h.typ == newsgraph.EventAgreement {
		if m := reYearModifier.FindString(lower[cs:h.start]); m != "" {
			ev.Date = m[:4] // "a 2012 agreement"
		}
	}
	if ev.Date == "" && !ev.Negated && ev.Status != newsgraph.StatusPlanned && !an.art.Published.IsZero() && len(an.dates[si]) == 0 &&
		an.leadParagraph(si) && (reHaveBefore.MatchString(lower[cs:h.start]) || reAndParticiple.MatchString(lower[cs:h.start]) && rePresentPerfect.MatchString(lower[cs:h.start])) {
		// "Russia appears to have moved its warships away from Tartus": the
		// news the lead reports in the present perfect happened as the
		// article went out, which dates it to the month at least.
		ev.Date = an.art.Published.Format("2006-01")
	}
	return ev
}

// rePresentPerfect: the clause reports its event in the present perfect
// ("has withdrawn", "appears to have moved ... and begun").
var rePresentPerfect = regexp.MustCompile(`\b(?:has|have|'ve)\s+(?:(?:now|already|just|reportedly|also|quietly|largely|mostly|finally|officially|formally)\s+)?(?:been\s+)?(?:(?:officially|formally)\s+)?[a-z]+(?:ed|en|wn|ne|un|ft|nt|ck|ut)\b`)

// reHaveBefore: the trigger is the participle of a present perfect ("have
// moved", "has now pulled"); reAndParticiple: it follows a participle
// coordinated with one ("have moved ... and begun flying").
var (
	reHaveBefore    = regexp.MustCompile(`\b(?:has|have|'ve)\s+(?:(?:now|already|just|reportedly|also|quietly|largely|mostly|finally|officially|formally|been)\s+){0,2}$`)
	reAndParticiple = regexp.MustCompile(`\band\s+(?:then\s+|also\s+)?[a-z]+(?:ed|en|wn|un|ne)\s+$`)
)

// leadParagraph reports whether sentence si is in the article's first
// paragraph after the title: the lead that tells the news.
func (an *analysis) leadParagraph(si int) bool {
	for _, s := range an.doc.Sentences {
		if s.Section != "title" {
			return an.doc.Sentences[si].Paragraph == s.Paragraph
		}
	}
	return false
}

// definiteBaseElsewhere reports whether "the base" in the clause is placed
// by the text in another country than the base it would refer back to.
func (an *analysis) definiteBaseElsewhere(si int, lower string, cs, ce int, ref string) bool {
	loc := reDefiniteBase.FindStringIndex(lower[cs:ce])
	if loc == nil {
		return false
	}
	refCountry := ""
	if e := an.baseEntry(ref); e != nil {
		refCountry = e.Country
	} else {
		refCountry = an.baseCountry[ref]
	}
	sent := an.doc.Sentences[si]
	after := cs + loc[1]
	for _, m := range an.mentions[si] {
		s := m.Start - sent.Start
		if s < after || s > after+40 || m.Country == "" || m.Type != gazetteer.Country && m.Type != gazetteer.Place {
			continue
		}
		if reLocativeGap.MatchString(lower[after:s]) {
			return refCountry != "" && m.Country != refCountry
		}
	}
	return false
}

// exerciseHost finds the host named right after an exercise: ", which X
// will host", "hosted by X".
func (an *analysis) exerciseHost(si int, text string, h triggerHit) (actorRef, bool) {
	sent := an.doc.Sentences[si]
	for _, m := range an.mentions[si] {
		s, e := m.Start-sent.Start, m.End-sent.Start
		if s < h.end || s > h.end+60 || m.Type != gazetteer.Country {
			continue
		}
		lower := lowerKeepOffsets(text)
		if reHostedBy.MatchString(lower[h.end:s]) || reWhichHosts.MatchString(lower[h.end:min(len(lower), e+20)][s-h.end:]) && reWhichBefore.MatchString(lower[h.end:s]) {
			return actorRef{name: m.Name, country: m.Country}, true
		}
	}
	return actorRef{}, false
}

// claimant finds who claimed an attack: "Hezbollah claimed responsibility
// for a drone attack", "Islamic State claimed the attack".
func (an *analysis) claimant(si int, text string, h triggerHit, cs int) (actorRef, bool) {
	sent := an.doc.Sentences[si]
	for _, m := range an.mentions[si] {
		s, e := m.Start-sent.Start, m.End-sent.Start
		if e > h.start || s < cs || m.Type != gazetteer.Organisation && m.Type != gazetteer.Country || m.Entry != nil && m.Entry.IsOutlet() {
			continue
		}
		if reClaimed.MatchString(strings.ToLower(text[e:h.start])) {
			if m.Type == gazetteer.Country {
				return actorRef{name: m.Name, country: m.Country}, true
			}
			return actorRef{name: m.Name}, true
		}
	}
	return actorRef{}, false
}

type actorRef struct {
	name         string
	country      string // ISO code when the actor is a country
	organisation string // the state body that acted, when there is one
	// ownSubject: the clause has a subject no gazetteer names ("rebels",
	// "peacekeepers"); no other actor may be borrowed for it.
	ownSubject bool
}

func ownSubjectKey(ev newsgraph.Event) string {
	return fmt.Sprint(ev.Sentence, "\x00", ev.Trigger)
}

// agentless reports an event told without its agent: a passive ("the base
// was handed over") or a bare noun ("the handover of Air Base 101").
func (an *analysis) agentless(ev newsgraph.Event) bool {
	i := strings.Index(ev.Evidence, ev.Trigger)
	if i < 0 {
		return false
	}
	trig := strings.ToLower(ev.Trigger)
	return rePassiveBefore.MatchString(strings.ToLower(ev.Evidence[:i])) || reNominalTrigger.MatchString(trig) || rePassiveTrigger.MatchString(trig) ||
		an.bareForces(ev)
}

// bareForces reports an event whose subject names forces but not whose they
// are ("several support units relocated there").
func (an *analysis) bareForces(ev newsgraph.Event) bool {
	i := strings.Index(ev.Evidence, ev.Trigger)
	if i < 0 {
		return false
	}
	before := strings.ToLower(ev.Evidence[:i])
	return reBareForcesSubject.MatchString(before) && !reForcesOwner.MatchString(before)
}

// reBareForcesSubject is a subject that names forces but not whose they are:
// "several support units relocated", "the last troops left".
var reBareForcesSubject = regexp.MustCompile(`(?:^|[,;]\s+|\b(?:since|after|when|as|and|until|before)\s+)(?:(?:the|some|several|many|most|all|other|remaining|additional|last|first|about|around|more than|nearly|a few|\d[\d,]*)\s+){1,3}(?:[a-z-]+\s+){0,2}(?:troops|forces|units|soldiers|personnel|marines|sailors|airmen|advisers|advisors|contingents?|squadrons?)\s+(?:(?:have|had|has|were|was|then|later|also|finally)\s+)*$`)

// reForcesOwner: the clause names whose forces they are ("their troops").
var reForcesOwner = regexp.MustCompile(`\b(?:its|their|our|his|her)\s+(?:\S+\s+){0,2}$`)

// rePassiveTrigger is a trigger that holds its own passive auxiliary: "had
// been moved away from", "been fully evacuated".
var rePassiveTrigger = regexp.MustCompile(`^(?:(?:has|have|had)\s+)?(?:is|are|was|were|been|being|be)\s+(?:\S+\s+)?(?:\S+ed|flown|shut)\b`)

// stateOrganisation are organisation kinds that act on behalf of their
// country.
var stateOrganisation = map[string]bool{
	"armed forces": true, "ministry": true, "command": true, "government": true, "agency": true,
}

// reMissionNoun: the forces of an international organisation named right
// after it ("UN peacekeepers", "the African Union mission", "AU soldiers").
var reMissionNoun = regexp.MustCompile(`^\s+(?:peacekeep(?:ers|ing (?:force|mission|troops))|mission|troops|soldiers|forces|force|contingents?|personnel|convoys?)\b`)

// reMissionName: a name that makes an organisation a field mission of
// another ("United Nations Multidimensional Integrated Stabilization
// Mission in Mali", "African Union Transition Mission in Somalia").
var reMissionName = regexp.MustCompile(`(?i)\b(?:mission|force|operation)\b`)

// missionOf resolves "UN peacekeepers" or "the African Union mission" to the
// one field mission of that organisation the article names (MINUSMA,
// ATMIS): the mission, not its parent body, carries out what its troops do.
// It returns "" when m is not followed by a forces noun or the article names
// no such mission.
func (an *analysis) missionOf(m mention) string {
	if m.Type != gazetteer.Organisation || m.Entry == nil || m.Entry.Kind != "international organisation" ||
		!reMissionNoun.MatchString(an.doc.Text[m.End:min(len(an.doc.Text), m.End+40)]) {
		return ""
	}
	parents := append([]string{m.Entry.Name}, m.Entry.Aliases...)
	isMission := func(e *gazetteer.Entry) bool {
		if e == nil || e == m.Entry || e.Type != gazetteer.Organisation {
			return false
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if !reMissionName.MatchString(n) {
				continue
			}
			for _, p := range parents {
				if strings.HasPrefix(n, p+" ") {
					return true
				}
			}
		}
		return false
	}
	for _, ms := range an.mentions {
		for _, o := range ms {
			if isMission(o.Entry) {
				return o.Name // the first named, so the choice is stable
			}
		}
	}
	return ""
}

// findActor picks who did it: for an attack the agent after "by" if any;
// else the nearest country or organisation before the trigger in the clause
// that is not the object of a preposition; else the same before the clause
// in the sentence; else the subject of the previous sentence.
func (an *analysis) findActor(si int, text string, h triggerHit, cs, ce int) actorRef {
	sent := an.doc.Sentences[si]
	ms := an.mentions[si]
	candidate := func(m mention) bool {
		if m.Type != gazetteer.Country && m.Type != gazetteer.Organisation || m.Apposition {
			return false
		}
		if reCompoundModifier.MatchString(an.doc.Text[m.End:min(len(an.doc.Text), m.End+3)]) {
			return false // "US-led coalition": the coalition acts
		}
		if m.Type == gazetteer.Country {
			if p := rePossessiveGap.FindStringIndex(an.doc.Text[m.End:min(len(an.doc.Text), m.End+4)]); p != nil &&
				slices.ContainsFunc(ms, func(o mention) bool { return o.Start == m.End+p[1] && o.Type == gazetteer.Organisation }) {
				return false // "Yemen's Houthi rebels": the group acts
			}
		}
		// Outlets and embassies report and speak; they do not act.
		return m.Entry == nil || !m.Entry.IsOutlet() && !strings.Contains(m.Name, "Embassy")
	}
	ref := func(m mention) actorRef {
		if m.Type == gazetteer.Country {
			return actorRef{name: m.Name, country: m.Country}
		}
		// A state's own forces, ministries and commands act for the state:
		// the actor is the country, the organisation is kept beside it.
		if m.Entry != nil && stateOrganisation[m.Entry.Kind] && m.Country != "" {
			return actorRef{name: an.countryName(m.Country), country: m.Country, organisation: m.Name}
		}
		if mission := an.missionOf(m); mission != "" {
			return actorRef{name: mission} // "UN peacekeepers" in an article about MINUSMA
		}
		return actorRef{name: m.Name}
	}
	rel := func(m mention) (int, int) { return m.Start - sent.Start, m.End - sent.Start }
	// The owner named inside the trigger: "a reduction of the French
	// contingent", "cut its U.S. troops".
	for _, m := range ms {
		s, e := rel(m)
		if s >= h.start && e <= h.end && m.Type == gazetteer.Country && reForcesInTrigger.MatchString(strings.ToLower(text[e:h.end])) {
			return ref(m)
		}
	}
	// Passive or nominal agent: "attacked by X", "withdrawal by X", "withdrawal of X troops".
	for _, m := range ms {
		s, _ := rel(m)
		if !candidate(m) || s < h.end || s >= ce {
			continue
		}
		prefix := text[h.end:s]
		if len(strings.Fields(prefix)) <= 6 && reAgentBy.MatchString(prefix) {
			return ref(m)
		}
		if h.typ == newsgraph.EventWithdrawal && len(strings.Fields(prefix)) <= 1 && rePresenceOf.MatchString(text[m.End-sent.Start:]) {
			return ref(m) // "wind down the coalition's presence": whose presence ends
		}
		if h.typ == newsgraph.EventAgreement && reBetween.MatchString(prefix) {
			return ref(m) // "an agreement between Tokyo and Washington"
		}
		if h.typ != newsgraph.EventAttack && len(strings.Fields(prefix)) <= 2 && reOfBefore.MatchString(prefix) &&
			reForcesAfter.MatchString(strings.ToLower(text[m.End-sent.Start:])) {
			return ref(m)
		}
		if h.typ != newsgraph.EventAttack && m.Type == gazetteer.Country && ownerOfNominal(prefix, text[m.End-sent.Start:]) {
			return ref(m) // "the departure of France's force"
		}
	}
	isSource := func(m mention) bool {
		return reSourceAfter.MatchString(an.doc.Text[m.End:min(len(an.doc.Text), m.End+40)])
	}
	pick := func(from, to int) (actorRef, bool) {
		best := -1
		for k := range ms {
			m := ms[k]
			s, e := rel(m)
			if !candidate(m) || s < from || e > to || isSource(m) {
				continue
			}
			if reLocativeBefore.MatchString(text[max(0, s-40):s]) || eventNounObject(text[max(0, s-40):s]) {
				continue // "after the invasion of Iraq": what another event befell
			}
			if m.Type == gazetteer.Country && reOwnerBefore.MatchString(text[max(0, s-40):s]) && reBaseNounAfter.MatchString(text[e:min(len(text), e+30)]) {
				continue // "the Marine Corps' Guam base": where the owner's base is, not who acts
			}
			if e <= h.start && reAgentBy.MatchString(text[max(0, s-20):s]) {
				continue // "a base used by U.S. forces was attacked": the agent of another verb
			}
			if reAccompanying.MatchString(text[max(0, s-80):s]) && strings.Contains(text[e:to], ",") {
				continue // "Britain, along with Australia and Canada, will deploy": Britain is the subject
			}
			if after := text[e:min(len(text), e+40)]; rePossessiveGap.MatchString(after) && !rePresenceOf.MatchString(after) && !reForcesPossessed.MatchString(after) && !reStateBody.MatchString(after) {
				continue // "the coalition's timeline": a possessor, not the subject
			}
			best = k
		}
		if best < 0 {
			return actorRef{}, false
		}
		// "France and Djibouti renewed ...": the first of a coordination.
		for best > 0 {
			prev := ms[best-1]
			ps, pe := rel(prev)
			_ = ps
			if pe > ms[best].Start-sent.Start {
				// Overlapping mentions ("UK" inside "UK Ministry of
				// Defence") are no coordination; slicing the gap
				// between them panicked.
				break
			}
			gap := strings.TrimSpace(text[pe : ms[best].Start-sent.Start])
			if candidate(prev) && (reCoordGap.MatchString(gap) || reTitledCoord.MatchString(gap)) && !isSource(prev) {
				best--
				continue
			}
			break
		}
		return ref(ms[best]), true
	}
	// "France, which leads NATO's battlegroup, will deploy": the trigger's
	// clause opens with a relative clause closed by a comma; the subject
	// stands before it, and what the relative clause names does not act.
	if reClosedRelative.MatchString(text[cs:h.start]) {
		if a, ok := pick(0, cs); ok {
			return a
		}
	}
	subjectEnd := h.start // where the subject may stand, before the trigger
	if as, ae, ok := an.antecedentClause(lowerKeepOffsets(text), cs); ok && !reOwnSubject.MatchString(strings.ToLower(text[cs:h.start])) {
		if a, ok := pick(as, ae); ok {
			return a
		}
		subjectEnd = ae // not the relative clause's own nouns
		if a, ok := pick(cs, h.start); ok {
			return a
		}
	}
	if h.typ == newsgraph.EventAttack {
		if a, ok := an.claimant(si, text, h, cs); ok {
			return a
		}
		// The attacker is named right before a nominal trigger ("Iranian
		// missile attack", "Houthi strikes") or as the subject of an active
		// verb ("Iran attacked"); otherwise it is unknown. A sentence's
		// other countries are usually targets or sources, and so is the
		// subject of a passive ("a base used by U.S. forces was attacked").
		if rePassiveBefore.MatchString(strings.ToLower(text[cs:h.start])) {
			return actorRef{}
		}
		for k := len(ms) - 1; k >= 0; k-- {
			m := ms[k]
			s, e := rel(m)
			if !candidate(m) || e > h.start || s < cs || isSource(m) {
				continue
			}
			gap := strings.Fields(text[e:h.start])
			if len(gap) <= 3 && !reLocativeBefore.MatchString(text[max(0, s-40):s]) && !strings.ContainsAny(text[e:h.start], ",;") {
				return ref(m)
			}
			break
		}
		if reActiveAttack.MatchString(strings.ToLower(text[h.start:h.end])) {
			if a, ok := pick(cs, h.start); ok {
				return a
			}
		}
		if a, ok := an.quoteSpeaker(si, text, h); ok {
			return a
		}
		return actorRef{}
	}
	if a, ok := pick(cs, h.start); ok {
		return a
	}
	if reOwnSubject.MatchString(strings.ToLower(text[cs:h.start])) {
		// ", and Tuareg-led rebels said they had taken the base": the
		// clause has a subject of its own that no list names; the
		// sentence's earlier subject did something else.
		return actorRef{ownSubject: true}
	}
	if a, ok := pick(0, subjectEnd); ok {
		return a
	}
	if m, ok := an.movedForcesOwner(si, text, h, ce); ok && candidate(m) {
		return ref(m) // "no plans to station American troops here"
	}
	// "We will not withdraw from Kosovo," Italy's defence minister said: a
	// first-person quote is the speaker's state speaking.
	if a, ok := an.quoteSpeaker(si, text, h); ok {
		return a
	}
	// A pronoun subject ("It said it would withdraw") refers back to the
	// previous sentence's subject in the same paragraph.
	if si > 0 && an.doc.Sentences[si-1].Paragraph == sent.Paragraph && rePronounSubject.MatchString(text[max(cs, h.start-40):h.start]) {
		prev := an.doc.Sentences[si-1]
		ptext := an.doc.Text[prev.Start:prev.End]
		for _, m := range an.mentions[si-1] {
			if !candidate(m) || reSourceAfter.MatchString(an.doc.Text[m.End:min(len(an.doc.Text), m.End+40)]) {
				continue
			}
			s := m.Start - prev.Start
			if reLocativeBefore.MatchString(ptext[max(0, s-40):s]) {
				continue
			}
			return ref(m)
		}
	}
	return actorRef{}
}

// reFirstPerson: a speaker's own side inside a quote.
var reFirstPerson = regexp.MustCompile(`(?i)\b(?:we|our|us)\b`)

// quoteSpeaker is the state whose speaker says, in the first person, what
// the trigger reports: the country, demonym or state body named within a
// few words after the closing quotation mark ("\"We are not leaving
// Iraq,\" a U.S. official said").
func (an *analysis) quoteSpeaker(si int, text string, h triggerHit) (actorRef, bool) {
	before := text[:h.start]
	inside := strings.Count(before, "\"")%2 == 1 || strings.LastIndex(before, "“") > strings.LastIndex(before, "”")
	open := strings.LastIndexAny(before, "\"“")
	if !inside || open < 0 || !reFirstPerson.MatchString(text[open:h.start]) {
		return actorRef{}, false
	}
	end := strings.IndexAny(text[h.end:], "\"”")
	if end < 0 {
		return actorRef{}, false
	}
	end += h.end
	sent := an.doc.Sentences[si]
	for _, m := range an.mentions[si] {
		s := m.Start - sent.Start
		if s <= end || s > end+60 {
			continue
		}
		if m.Type == gazetteer.Country {
			return actorRef{name: m.Name, country: m.Country}, true
		}
		if m.Type == gazetteer.Organisation && m.Entry != nil && stateOrganisation[m.Entry.Kind] && m.Country != "" {
			return actorRef{name: an.countryName(m.Country), country: m.Country, organisation: m.Name}, true
		}
		if m.Type == gazetteer.Organisation && (m.Entry == nil || !m.Entry.IsOutlet()) {
			return actorRef{name: m.Name}, true // "“We struck the base,” Hezbollah said"
		}
	}
	return actorRef{}, false
}

// eventCountry is where the event happens: a base's host country; else a
// country or place after a locative preposition in the clause; else any
// country in the clause other than the actor; else the article's focus
// country when the text says "the country".
func (an *analysis) eventCountry(si int, text, lower string, h triggerHit, cs, ce int, ev newsgraph.Event, actor actorRef) string {
	for _, b := range ev.Bases {
		for _, ms := range an.mentions {
			for _, m := range ms {
				if m.Type == gazetteer.Base && m.Name == b && m.Country != "" {
					return m.Country
				}
			}
		}
	}
	sent := an.doc.Sentences[si]
	// Which prepositions introduce the event's place depends on the event:
	// a withdrawal is from somewhere, a deployment to somewhere.
	loc := reLocativeBefore
	switch h.typ {
	case newsgraph.EventWithdrawal, newsgraph.EventClosure, newsgraph.EventRelocation:
		// A relocation happens where the forces leave from.
		loc = reLocativeFrom
	}
	search := func(from, to int, locativeOnly bool) string {
		for _, m := range an.mentions[si] {
			s := m.Start - sent.Start
			if s < from || m.End-sent.Start > to || m.Country == "" || m.Apposition {
				continue
			}
			if m.Type != gazetteer.Country && m.Type != gazetteer.Place {
				continue
			}
			if m.Type == gazetteer.Country && m.Country == actor.country && h.typ != newsgraph.EventExercise {
				continue
			}
			if an.modifierUse(m) {
				continue // "Iran-aligned", "U.S. officials": not a place
			}
			if locativeOnly && !loc.MatchString(text[max(0, s-40):s]) {
				continue
			}
			if !locativeOnly && (m.Role == gazetteer.RoleDemonym || actor.country != "" && reSpeakerAfter.MatchString(an.doc.Text[m.End:min(len(an.doc.Text), m.End+50)])) {
				continue // "French troops" says whose troops; beside an actor, "China's ministry said" who speaks, not where
			}
			return m.Country
		}
		return ""
	}
	if c := an.targetCountry(si, text, h, ce); c != "" {
		return c // "drones targeting Ukrainian ports"
	}
	if h.t.needsObject && h.typ == newsgraph.EventWithdrawal || h.typ == newsgraph.EventAttack && reActiveAttack.MatchString(lower[h.start:h.end]) {
		// "Russian jets struck Idlib": the object of an attack verb too.
		// "We are not leaving Iraq": the object of leave, exit or quit.
		for _, m := range an.mentions[si] {
			s := m.Start - sent.Start
			if s >= h.end && s < ce && (m.Type == gazetteer.Country || m.Type == gazetteer.Place) && m.Country != "" &&
				m.Role != gazetteer.RoleDemonym && reObjectGap.MatchString(strings.TrimSpace(lower[h.end:s])) && !an.modifierUse(m) {
				return m.Country // "fired missiles at the U.S. base": whose base, not where
			}
		}
	}
	if h.typ == newsgraph.EventHandover {
		// The recipient: "handed the base to Iraqi authorities".
		for _, m := range an.mentions[si] {
			s := m.Start - sent.Start
			state := m.Type == gazetteer.Country || m.Type == gazetteer.Organisation && m.Entry != nil && stateOrganisation[m.Entry.Kind]
			if s >= h.end-4 && s < ce && state && m.Country != "" && m.Country != actor.country && reToRecipient.MatchString(text[max(0, s-40):s]) {
				return m.Country
			}
		}
	}
	if h.typ == newsgraph.EventAgreement {
		// An agreement is filed under the country the story is about when
		// that country is a party: "Seoul signed a cost-sharing deal with
		// Washington" in a story about Korea is Korea's, even as actor.
		if an.dominant != "" && an.dominant == actor.country {
			return an.dominant
		}
		for _, c := range []string{an.dominant, an.focus} {
			if c == "" || c == actor.country {
				continue
			}
			for _, m := range an.mentions[si] {
				if m.Country == c && m.Type == gazetteer.Country {
					return c
				}
			}
		}
	}
	if c := search(h.end, ce, true); c != "" {
		return c
	}
	if c := search(cs, ce, true); c != "" {
		return c
	}
	for _, m := range an.mentions[si] {
		if s := m.Start - sent.Start; s >= cs && s < ce && m.Type == gazetteer.Place && m.Country == "" && loc.MatchString(text[max(0, s-40):s]) {
			return "" // "at commercial vessels in the Red Sea": no state's territory
		}
	}
	if h.typ == newsgraph.EventAgreement || h.typ == newsgraph.EventExercise {
		// The partner of an agreement or an exercise: any other country
		// named in the clause.
		if c := search(cs, ce, false); c != "" {
			return c
		}
	}
	if loc := reTheCountry.FindStringIndex(lower[cs:ce]); loc != nil && an.dominant != "" && an.dominant == actor.country && hostType[h.typ] {
		// "Filipino troops began the drills ... the country's territorial
		// sea": a state exercising or building at home.
		return an.dominant
	}
	if loc := reTheCountry.FindStringIndex(lower[cs:ce]); loc != nil {
		// "the country" is the last country named before it, other than
		// the actor ("Ivorian authorities ... its contingent in the
		// country"); else the article's focus.
		if c := an.recentCountry(si, cs+loc[0], actor.country); c != "" {
			return c
		}
		if an.focus != "" && an.focus != actor.country {
			return an.focus
		}
	}
	// Elsewhere in the sentence, but not in an attribution ("according
	// to the statement released at the summit in Washington").
	for _, sp := range an.clauseSpans(lower) {
		if sp[0] == cs || reAttributionClause.MatchString(lower[sp[0]:sp[1]]) || h.typ == newsgraph.EventRelocation && sp[0] > cs || participleAdjunct(lower, sp, cs) {
			// After a relocation comes its destination ("to Libya,
			// where Russian forces operate from ..."), not its origin.
			continue
		}
		if c := search(sp[0], sp[1], true); c != "" {
			return c
		}
	}
	if h.typ == newsgraph.EventAgreement && actor.country != "" {
		// "Washington agreed in May to complete the pullout": the other
		// party is the country the story is about.
		for _, c := range []string{an.dominant, an.focus} {
			if c != "" && c != actor.country {
				return c
			}
		}
	}
	// Any other country the sentence names: "Sudan's paramilitary RSF
	// shelled the city", "the Chadian government ... French forces
	// completed their pullout".
	for _, m := range an.mentions[si] {
		s := m.Start - sent.Start
		if s >= cs && s < ce && m.Type == gazetteer.Country && m.Country != "" && m.Country != actor.country && !m.Apposition && !an.modifierUseStrict(m) &&
			!(h.typ == newsgraph.EventRelocation && reDestination.MatchString(lower[max(0, s-12):s])) &&
			!reSpeakerAfter.MatchString(text[m.End-sent.Start:min(len(text), m.End-sent.Start+50)]) {
			return m.Country // a relocation happens where it starts, not at its destination
		}
	}
	if an.dominant != "" && an.dominant != actor.country && h.typ != newsgraph.EventAgreement {
		// A story about one country tells its events without naming it
		// each time ("fighters overran an army outpost near Dhagax-Yar").
		return an.dominant
	}
	return ""
}

// recentCountry is the country named last before offset cs of sentence
// si, looking back up to three sentences, other than except.
func (an *analysis) recentCountry(si, cs int, except string) string {
	limit := an.doc.Sentences[si].Start + cs
	for i := si; i >= 0 && i >= si-3; i-- {
		ms := an.mentions[i]
		for k := len(ms) - 1; k >= 0; k-- {
			m := ms[k]
			if m.End > limit || m.Country == "" || m.Country == except || m.Type != gazetteer.Country {
				continue
			}
			if an.modifierUse(m) && m.Role != gazetteer.RoleDemonym {
				continue
			}
			return m.Country
		}
	}
	return ""
}

// countryWithin reports whether the event's country comes from its bases,
// its own stretch of the sentence [lo, hi), or is the article's focus.
func (an *analysis) countryWithin(si int, code string, lo, hi int, ev newsgraph.Event) bool {
	if len(ev.Bases) > 0 || code == an.focus || code == an.dominant {
		return true
	}
	sent := an.doc.Sentences[si]
	for _, m := range an.mentions[si] {
		s := m.Start - sent.Start
		if m.Country == code && s >= lo && s < hi {
			return true
		}
	}
	return false
}

// modifierUseStrict reports a country named as a modifier of people who
// may be anywhere ("U.S. officials", "Iran-aligned factions"); its own
// government, army or authorities stay at home.
func (an *analysis) modifierUseStrict(m mention) bool {
	rest := an.doc.Text[m.End:min(len(an.doc.Text), m.End+40)]
	if reHomeBody.MatchString(rest) {
		return false
	}
	return an.modifierUse(m)
}

// modifierUse reports a country named as a modifier of what follows:
// "Iran-aligned factions", "US-led coalition", "U.S. officials".
func (an *analysis) modifierUse(m mention) bool {
	rest := an.doc.Text[m.End:min(len(an.doc.Text), m.End+40)]
	return reCompoundModifier.MatchString(rest) || reModifierUse.MatchString(rest) || reSourceAfter.MatchString(rest) ||
		borderNeighbour(an.doc.Text, m.Start, m.End)
}

// eventDate is the date nearest the trigger in its clause, else in its
// sentence.
func (an *analysis) eventDate(si int, h triggerHit, cs, ce int, planned, negatedEv bool) string {
	sent := an.doc.Sentences[si]
	lower := lowerKeepOffsets(an.doc.Text[sent.Start:sent.End])
	// "Israel's military campaign against Iran, which began on June 13":
	// the relative clause dates the noun it follows.
	if loc := reBeganAfter.FindStringIndex(lower[h.end:min(len(lower), h.end+60)]); loc != nil {
		for _, d := range an.dates[si] {
			if d.Start-sent.Start == h.end+loc[1] {
				return d.Value
			}
		}
	}
	// "Exercise Talisman Sabre, which Australia will host in July": the
	// relative clause dates the exercise it describes.
	if h.typ == newsgraph.EventExercise {
		if loc := reWhichAfter.FindStringIndex(lower[h.end:]); loc != nil {
			_, ne := clauseOf(an.clauseSpans(lower), h.end+loc[0])
			for _, d := range an.dates[si] {
				if d.Start-sent.Start >= h.end+loc[1] && d.End-sent.Start <= ne {
					return d.Value
				}
			}
		}
	}
	if reWhenStart.MatchString(lower[cs:]) {
		for _, d := range an.dates[si] {
			if e := d.End - sent.Start; e <= cs && cs-e <= 1 {
				return d.Value // "since 2017, when Türkiye opened Camp TURKSOM"
			}
		}
	}
	best, bestDist := "", 1<<30
	an.dateFromReport = false
	for pass := 0; pass < 2 && best == ""; pass++ {
		for _, d := range an.dates[si] {
			s, e := d.Start-sent.Start, d.End-sent.Start
			inClause := s >= cs && e <= ce
			if pass == 0 && (!inClause || an.dateOfOtherConjunct(si, lower, h, s, e)) {
				continue
			}
			if (planned || negatedEv) && reReportingDate.MatchString(lower[max(0, s-25):s]) {
				continue // the day a plan or denial was stated
			}
			if reUntilBefore.MatchString(lower[max(0, s-8):s]) {
				continue // "would run until May 10": when it ends
			}
			if s < h.end && e > h.start && d.Relative {
				continue // "this year's edition": the trigger's own words, not when
			}
			if e <= h.start && reAlternative.MatchString(lower[e:h.start]) {
				continue // "moved to Erbil last week rather than leaving": the date of what was done instead
			}
			if leavingType[h.typ] && reSinceBefore.MatchString(lower[max(0, s-8):s]) {
				continue // "troops who had manned the base since 2014 left": when they came
			}
			if pass == 1 {
				// A date outside the trigger's clause counts only when it
				// dates the report itself ("X reported on Sunday that ..."),
				// and only for something that happened: the day a plan or a
				// denial was stated is not the date of the event.
				// "In September, the United States announced that ...":
				// the date of the announcement, before its verb.
				// "Images taken earlier this month showed that ...": evidence
				// dated by its own clause dates what it shows.
				announced := e <= cs && (reReporting.MatchString(lower[e:cs]) || reEvidential.MatchString(lower[e:cs]))
				if announced {
					// ... and the date opens its own clause ("In September,
					// the US announced that"); one deep in another predicate
					// ("will send aircraft to Djibouti next month, officials
					// said, as attacks ...") dates that predicate.
					dcs, _ := clauseOf(an.clauseSpans(lower), s)
					announced = len(strings.Fields(lower[dcs:s])) <= 4
				}
				if !reReportingDate.MatchString(lower[max(0, s-25):s]) && !announced || planned || negatedEv {
					continue
				}
			}
			dist := s - h.end
			if dist < 0 {
				dist = h.start - e
				if e <= h.start && reCoordinated.MatchString(lower[e:h.start]) {
					// "held exercises in April and sent the carrier ...
					// last month": a date before "and" belongs to the
					// first predicate; one after the trigger is its own.
					dist += 1000
				}
			}
			if dist < bestDist {
				best, bestDist = d.Value, dist
				// "Berlin said on Tuesday that its soldiers had left": a
				// date before the reporting verb dates the report.
				an.dateFromReport = pass == 1 || e <= h.start && reReportingVerbAfter.MatchString(lower[e:h.start])
			}
		}
	}
	return best
}

// reReportingVerbAfter: a reporting verb right after a date, with the
// trigger in what it reports.
var reReportingVerbAfter = regexp.MustCompile(`^,?\s+(?:(?:also|again|officially|formally)\s+)?(?:said|says|confirmed|confirms|announced|announces|reported|reports|stated|told\s+\S+)\b`)

// negated reports a negation or denial governing the trigger: a negator in
// the few words before it in its clause, or a denial verb earlier in the
// sentence ("denied reports that troops were leaving").
func negated(lower, before string, cs int) bool {
	words := strings.Fields(before)
	if len(words) > 6 {
		words = words[len(words)-6:]
	}
	window := strings.Join(words, " ")
	if reNegation.MatchString(window) && !strings.Contains(window, "not only") && !reNoLonger.MatchString(window) {
		return true
	}
	if reNoDeliberation.MatchString(before) {
		return true // "there had been no request from Washington to reduce ..."
	}
	if reNegatedControl.MatchString(before) {
		return true // "will not allow its airspace to be used for any attack"
	}
	if reNegatedThat.MatchString(lower[max(0, cs-40):cs]) {
		return true // "did not mean that US warships would leave"
	}
	if reRatherThan.MatchString(window) {
		return true // "moved to Erbil rather than leaving the country"
	}
	return denialGoverns(lower[:cs+len(before)]) || downplayed(lower[:cs+len(before)])
}

// status says whether the event is planned, ongoing or completed, from the
// modality and aspect of its clause.
func status(clause, before, trig string) string {
	switch {
	case rePlanned.MatchString(before) || rePlannedTrigger.MatchString(trig) || reModalInTrigger.MatchString(trig):
		return newsgraph.StatusPlanned
	case reOngoing.MatchString(before) || reProgressiveTrigger.MatchString(trig):
		return newsgraph.StatusOngoing
	}
	return newsgraph.StatusCompleted
}

func overlap(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// informativeness ranks two reports of one event: named bases first, then
// a date, an actor and a country.
func informativeness(e newsgraph.Event) int {
	n := 4 * len(e.Bases)
	if e.Date != "" {
		n += 3
	}
	if e.Actor != "" {
		n += 2
	}
	if e.Country != "" {
		n++
	}
	return n
}

// combine folds report b of an event into report a, keeping the more
// informative evidence and filling what either lacks.
func combine(a, b newsgraph.Event) newsgraph.Event {
	keep, other := a, b
	if informativeness(b) > informativeness(a) {
		keep, other = b, a
	}
	for _, x := range other.Bases {
		if !slices.Contains(keep.Bases, x) {
			keep.Bases = append(keep.Bases, x)
		}
	}
	for _, x := range other.Places {
		if !slices.Contains(keep.Places, x) {
			keep.Places = append(keep.Places, x)
		}
	}
	if keep.Actor == "" {
		keep.Actor, keep.ActorOrganisation, keep.ActorCountryCode = other.Actor, other.ActorOrganisation, other.ActorCountryCode
	}
	if keep.Country == "" {
		keep.Country, keep.CountryCode = other.Country, other.CountryCode
	}
	planDate := other.Status == newsgraph.StatusPlanned && keep.Status != newsgraph.StatusPlanned
	if !planDate && (keep.Date == "" || len(other.Date) > len(keep.Date) && strings.HasPrefix(other.Date, keep.Date)) {
		// A plan's deadline does not date what already happened.
		keep.Date = other.Date // "July" and "July 17" of one event: the day
	}
	return keep
}

func sameEvent(a, b newsgraph.Event) bool {
	if a.Type != b.Type || a.Negated != b.Negated {
		return false
	}

	if a.Actor != "" && b.Actor != "" && a.Actor != b.Actor && !onceAtBase(a, b) {
		return false
	}
	if len(a.Bases) > 0 && len(b.Bases) > 0 && !overlap(a.Bases, b.Bases) {
		return false
	}
	if a.Date != "" && b.Date != "" && !strings.HasPrefix(a.Date, b.Date) && !strings.HasPrefix(b.Date, a.Date) {
		return false
	}
	if a.Country != "" && b.Country != "" && a.Country != b.Country {
		return false
	}
	placeless := func(e newsgraph.Event) bool { return len(e.Bases) == 0 && e.Country == "" }
	if a.Type == newsgraph.EventAttack && !overlap(a.Bases, b.Bases) && (a.Country == "" || a.Country != b.Country) &&
		!(a.Actor != "" && a.Actor == b.Actor && (placeless(a) || placeless(b))) {
		// ... unless one report names neither base nor country and the
		// same attacker: "attacks by the Houthis on shipping" and "the
		// Houthis have fired drones at vessels in the Red Sea".
		// Wars bring many strikes: two reports are one attack only at the
		// same base or in the same country.
		return false
	}
	// Two base-less, actor-less reports are only the same when one of them
	// is a bare back-reference; be conservative otherwise.
	if len(a.Bases) == 0 && len(b.Bases) == 0 && (a.Actor == "" || b.Actor == "") && a.Country == "" && b.Country == "" {
		return false
	}
	return true
}
