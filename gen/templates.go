package gen

import "github.com/newsgraph/newsgraph"

// Sentence templates. Slots: {actor} (a country, its capital or one of its
// forces), {actorCountry}, {demonym} (the actor's), {host}, {hostDemonym},
// {base}, {base2}, {place}, {outlet}, {group}, {date} (past, relative or
// absolute, sometimes empty), {future}, {n}, {year}, {official}, {said}.
// Each event type has plain reports, plans ("is expected to", "will") and
// denials or negations, as real reports do.
var eventTemplates = map[string][]string{
	newsgraph.EventWithdrawal: {
		"{outlet} reported {date}, citing {official}, that {demonym} forces have begun a swift withdrawal from {base} in {host}.",
		"{actor} began withdrawing troops from {base} {date}, {outlet} reported.",
		"{demonym} forces have pulled out of {base} in {host}, {official} told {outlet} {date}.",
		"The last {demonym} soldiers left {base} {date}, ending a presence that lasted more than a decade.",
		"{actor} completed the withdrawal of {n} troops from {base} {date}, the defence ministry {said}.",
		"A convoy of {demonym} armoured vehicles was seen leaving {base} {date} as the drawdown in {host} accelerated.",
		"{actor} is expected to withdraw its remaining forces from {base} {future}, officials said.",
		"Under the agreed timeline, {demonym} troops will leave {base} {future}.",
		"{hostDemonym} officials denied that {demonym} troops were leaving {base}, calling the reports premature.",
		"{actor} is not withdrawing from {host}, {official} said {date}, stressing that the mission at {base} continues.",
		"{actor} has no plans to pull its forces out of {base}, a spokesperson {said} {date}.",
		"{actor} will reduce its troops at {base} by {n} personnel {future}, according to {outlet}.",
	},
	newsgraph.EventDeployment: {
		"{actor} deployed {n} additional troops to {base} {date}, according to {outlet}.",
		"The Pentagon said {date} that it would send fighter jets to {base} in {host}.",
		"{demonym} marines arrived at {base} {date} for a six-month rotation.",
		"{actor} has stationed an air defence battery at {base}, {outlet} reported {date}.",
		"{actor} is expected to deploy a further {n} soldiers to {base} {future}.",
		"{actor} dispatched warships and {n} sailors to the waters off {place} {date}, {official} said.",
		"{demonym} reinforcements were sent to {base} in {host} {date} after a series of attacks on the base.",
		"{actor} denied that it had deployed troops to {base}, saying the aircraft seen there were on a routine visit.",
	},
	newsgraph.EventRelocation: {
		"Some {demonym} troops are relocating from {base} to {place}, {official} said {date}.",
		"{actor} moved its regional headquarters from {base} to {base2} {date}.",
		"Forces previously stationed at {base} were redeployed to {place} {date}, {outlet} reported.",
		"{actor} plans to relocate {n} personnel from {base} to {base2} {future}.",
		"The {demonym} contingent at {base} was repositioned to {place} {date} amid rising tensions.",
	},
	newsgraph.EventHandover: {
		"{actor} handed over {base} to the {hostDemonym} army {date}.",
		"The {hostDemonym} armed forces took control of {base} {date} after {demonym} troops left.",
		"{actor} is set to hand {base} over to {host} {future}, officials said.",
		"{demonym} commanders formally handed the keys of {base} to {hostDemonym} forces {date} in a brief ceremony.",
		"{hostDemonym} officials said {date} that nothing had been handed over to them at {base} yet.",
	},
	newsgraph.EventClosure: {
		"{actor} closed its military base at {base} {date}.",
		"The {hostDemonym} government ordered the closure of {base} {date}, citing sovereignty concerns.",
		"{actor} plans to shut down {base} {future}, the defence ministry {said}.",
		"{actor} has no plans to close its bases in {host}, {official} said {date}, dismissing reports about {base}.",
		"{base} was decommissioned {date} after {years} years of operations.",
	},
	newsgraph.EventAttack: {
		"A drone attack targeted {base} in {host} {date}, wounding several service members.",
		"{group} claimed responsibility for a rocket attack on {base} {date}.",
		"Several rockets struck {base} {date}, {outlet} reported, citing security sources.",
		"{base} came under fire {date}; no casualties were reported.",
		"Militants attacked a convoy near {base} {date}, killing two soldiers, {official} said.",
		"{hostDemonym} air defences shot down two drones approaching {base} {date}.",
	},
	newsgraph.EventAgreement: {
		"{actor} and {host} signed a defence agreement {date} that allows {demonym} forces to use {base}.",
		"{host} agreed {date} to extend {actorCountry}'s lease on {base} for another ten years.",
		"Under a new security pact signed {date}, {demonym} troops will rotate through {base} and {base2}.",
		"{actor} and {host} agreed on a timeline {date} to transition the military mission at {base} to a bilateral security relationship.",
	},
	newsgraph.EventEstablishment: {
		"{actor} is building a new military base near {place} in {host}, officials said {date}.",
		"{actor} opened a new logistics hub at {base} {date}.",
		"Construction of a {demonym} naval facility near {place} began {date}, satellite images show.",
		"{actor} plans to establish a permanent military base in {host} {future}, {outlet} reported.",
		"{actor} denied reports that it was building a base near {place}.",
	},
	newsgraph.EventExercise: {
		"Troops from {actorCountry} and {host} held joint military exercises at {base} {date}.",
		"More than {num} soldiers took part in a live-fire exercise near {base} {date}.",
		"{actor} and {host} will hold annual naval drills off {place} {future}.",
		"{demonym} and {hostDemonym} special forces began a two-week joint training exercise at {base} {date}.",
	},
}

// contextTemplates describe the place of a story without reporting an
// event.
var contextTemplates = []string{
	"{base} hosts about {num} {demonym} personnel and serves as a hub for operations across the region.",
	"{demonym} forces have used {base} since {year}, when it was expanded to handle heavy transport aircraft.",
	"The base lies some 150 kilometres from {place} and is one of the largest military installations in {host}.",
	"{group} has repeatedly targeted coalition positions in {host} over the past year.",
	"The {demonym} military presence in {host} has long been a point of friction in domestic politics.",
	"Analysts say the move reflects a broader shift in {demonym} military priorities in the region.",
	"The facility near {place} also houses a field hospital and a runway able to take fighter jets.",
}

var quoteTemplates = []string{
	`"We remain committed to the security of our partners in the region," {official} {said}.`,
	`"This is an evolution of the mission, not an end to it," {official} told {outlet}.`,
	`"Nothing has changed on the ground," a local commander near {place} said.`,
	`"The schedule agreed with our partners has not changed," {official} {said} {date}.`,
	`A spokesperson for {actor} declined to comment on the reports when contacted by {outlet}.`,
}

var backgroundTemplates = []string{
	"{actorCountry} and {host} have cooperated on security matters since {year}, according to {outlet}.",
	"The talks in {place} are expected to continue {future}, diplomats said.",
	"Residents of {place} said they had heard aircraft overnight but saw no unusual activity.",
	"Parliament in {host} has debated the future of foreign troops in the country several times this year.",
	"{outlet} could not independently verify the reports.",
}

// neutralTemplates have no military content: economy, weather, sport,
// culture, and words such as "base" and "deal" in their everyday senses.
var neutralTemplates = []string{
	"The central bank of {host} left interest rates unchanged {date}, citing slowing inflation and weak demand.",
	"Heavy rain flooded parts of {place} {date}, disrupting traffic and closing several schools for the day.",
	"The football club from {place} won its third league title in four seasons after a late winner on Saturday.",
	"Tourism officials in {place} said hotel bookings rose sharply over the summer compared with last year.",
	"A trade fair in {place} drew more than {num} visitors, organisers said, with strong interest in solar panels.",
	"Shares in technology companies rose after strong quarterly earnings lifted the main stock index.",
	"Local elections in {place} are due to be held next spring, and campaigning has already begun.",
	"The festival, now in its twelfth year, featured film screenings, concerts and food stalls across the old town.",
	"The company said its customer base grew by nine percent in the quarter, driven by demand in {host}.",
	"Farmers near {place} reported a record wheat harvest, although prices have fallen since the spring.",
	"A new metro line opened in {place}, cutting the journey to the airport to twenty minutes.",
	"The two carmakers struck a deal to share battery technology, ending months of negotiations.",
	"Officials in {host} said the new budget would raise spending on schools, hospitals and roads.",
	"Scientists at the university in {place} published a study on coastal erosion along the river delta.",
}

var headlineTemplates = map[string][]string{
	newsgraph.EventWithdrawal:    {"{actor} begins withdrawal from {base}", "{demonym} troops pull out of {base} in {host}", "Reports of {demonym} exit from {base} denied"},
	newsgraph.EventDeployment:    {"{actor} sends more troops to {base}", "{demonym} jets deployed to {base}", "New {demonym} deployment to {host}"},
	newsgraph.EventRelocation:    {"{demonym} forces relocate from {base}", "{actor} moves troops to {place}"},
	newsgraph.EventHandover:      {"{actor} hands {base} to {host}", "{hostDemonym} army takes over {base}"},
	newsgraph.EventClosure:       {"{actor} to close {base}", "{base} shut down after decades"},
	newsgraph.EventAttack:        {"Drone attack hits {base} in {host}", "Rockets target {base}", "{group} claims attack on {base}"},
	newsgraph.EventAgreement:     {"{actor} and {host} sign defence pact", "{host} extends {demonym} access to {base}"},
	newsgraph.EventEstablishment: {"{actor} builds new base in {host}", "{actor} opens hub at {base}"},
	newsgraph.EventExercise:      {"{demonym} and {hostDemonym} troops drill at {base}", "Joint exercises near {place}"},
}

// publisherDomains are the news domains articles are attributed to; their
// names and countries come from the loaders' table (loaders.LookupPublisher).
const publisherDomains = `
sputnikglobe.com reuters.com apnews.com bbc.com theguardian.com nytimes.com washingtonpost.com wsj.com
aljazeera.com france24.com rfi.fr lemonde.fr dw.com spiegel.de tass.com ria.ru rt.com xinhuanet.com
globaltimes.cn scmp.com kyodonews.net japantimes.co.jp asahi.com nhk.or.jp koreaherald.com koreatimes.co.kr
yna.co.kr inquirer.net rappler.com abs-cbn.com gmanetwork.com rudaw.net kurdistan24.net shafaq.com
thenationalnews.com arabnews.com alarabiya.net dailysabah.com aa.com.tr hurriyetdailynews.com
timesofisrael.com haaretz.com jpost.com ynetnews.com presstv.ir tasnimnews.com irna.ir sana.sy stripes.com
defensenews.com breakingdefense.com militarytimes.com armytimes.com navytimes.com airforcetimes.com
marinecorpstimes.com c4isrnet.com defenseone.com military.com usni.org airandspaceforces.com janes.com
twz.com taskandpurpose.com ukdefencejournal.org.uk forces.net politico.com politico.eu axios.com cnn.com
foxnews.com nbcnews.com cbsnews.com abcnews.go.com cnbc.com bloomberg.com ft.com economist.com
newsweek.com thehill.com npr.org pbs.org voanews.com rfa.org rferl.org usatoday.com latimes.com nypost.com
washingtontimes.com washingtonexaminer.com theatlantic.com time.com forbes.com businessinsider.com
csmonitor.com upi.com semafor.com theintercept.com foreignpolicy.com al-monitor.com thediplomat.com
eurasianet.org telegraph.co.uk independent.co.uk thetimes.co.uk news.sky.com dailymail.co.uk mirror.co.uk
middleeasteye.net middleeastmonitor.com newarab.com aawsat.com iranintl.com irishtimes.com euronews.com
euractiv.com lefigaro.fr liberation.fr afp.com jeuneafrique.com theafricareport.com sudantribune.com faz.net
sueddeutsche.de zeit.de welt.de tagesschau.de derstandard.at nzz.ch swissinfo.ch ansa.it corriere.it
repubblica.it elpais.com elmundo.es efe.com publico.pt nos.nl themoscowtimes.com bellingcat.com svt.se
yle.fi nrk.no pap.pl notesfrompoland.com ekathimerini.com cyprus-mail.com lrt.lt err.ee lsm.lv meduza.io
kyivindependent.com kyivpost.com ukrinform.net interfax.com kommersant.ru rbc.ru izvestia.ru trtworld.com
israelhayom.com i24news.tv jordantimes.com naharnet.com ina.iq mehrnews.com farsnews.ir tehrantimes.com
gulfnews.com khaleejtimes.com wam.ae saudigazette.com.sa gulf-times.com kuwaittimes.com timesofoman.com
ahram.org.eg africanews.com libyaherald.com premiumtimesng.com punchng.com guardian.ng myjoyonline.com
apanews.net nation.africa standardmedia.co.ke theeastafrican.co.ke monitor.co.ug thecitizen.co.tz
newtimes.co.rw addisstandard.com garoweonline.com dailymaverick.co.za news24.com thehindu.com
hindustantimes.com ndtv.com indianexpress.com theprint.in wionews.com dawn.com geo.tv tribune.com.pk
thedailystar.net kathmandupost.com tolonews.com chinadaily.com.cn cgtn.com hongkongfp.com asiatimes.com
taipeitimes.com focustaiwan.tw nikkei.com mainichi.jp chosun.com joongang.co.kr straitstimes.com
channelnewsasia.com thestar.com.my bangkokpost.com thejakartapost.com vnexpress.net khmertimeskh.com
frontiermyanmar.net smh.com.au theaustralian.com.au abc.net.au sbs.com.au nzherald.co.nz rnz.co.nz cbc.ca
globalnews.ca theglobeandmail.com eluniversal.com.mx folha.uol.com.br clarin.com eltiempo.com mercopress.com
`
