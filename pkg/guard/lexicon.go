package guard

import (
	"slices"
	"strings"
	"sync"
)

// The built-in lexicon. Patterns match normalized text (see normalize):
// lower-case words joined by single spaces, apostrophes dropped ("ill" is
// "I'll", "dont" is "don't") and clause punctuation turned into ".".
//
// Café talk is full of violent and sexual words used harmlessly, so most
// rules need context, not a word: a threat is a first-person agent, an
// intent and a violent verb aimed at a person ("i will kill you"), not
// "kill" ("I'd kill for a latte", "the ghost pepper soup will kill you");
// an insult counts when aimed at someone ("you idiot", "the cashier is an
// idiot"), not swearing at a late order; a group named is hateful only
// with a degrading claim or exclusion ("Mexican hot chocolate" is a
// drink). Idioms are set aside first.

// maskable lists the words the normalizer restores from masked, digit or
// stretched spellings ("b****", "k1ll", "fuuuck"). Order matters for masks:
// the first word of the right length whose visible letters fit wins. A
// mask that hides all but the first letter is ambiguous, so the common
// swear word goes first where a complaint would use it ("s***" reads
// "shit", "c***" "crap": "this coffee is s***" is not abuse), and the
// insult first where it would not ("d***" reads "dick").
var maskable = strings.Fields(`
	fuck fucking fucked fucker fuckers fuckin fuckface fuckwit motherfucker motherfuckers
	shit shitty bullshit crap
	bitch bitches bitchy cunt cunts whore whores slut sluts twat twats skank
	asshole assholes arsehole bastard bastards dick dicks dickhead dickheads prick pricks
	cock cocks pussy tits titties boobs nudes porn horny penis blowjob
	dipshit shithead dumbass jackass wanker douche douchebag retard retards retarded
	nigger niggers nigga niggas faggot faggots fag fags kike chink spic tranny
	ass arse damn hell piss sex sexy rape raped
	kill killing murder stab shoot die suicide hate moron idiot stupid loser
`)

// Word classes shared by the rules.
const (
	// agent: the speaker or a subjectless "gonna".
	agentWords = `(?:i|ill|im|id|ive|ima|imma|we|gonna|finna|gunna)`
	// gap: what may stand between the agent and the verb ("i am really
	// going to", "we will"). Negations are left out on purpose, so "I'm
	// not going to hurt anyone" does not match.
	gapWords = `(?: (?:will|ll|shall|would|d|am|m|are|re|is|going|gonna|goin|to|want|wanna|gotta|got|have|has|need|really|literally|seriously|swear|just|definitely|totally|actually|could|should|might|may|about|ready|fucking|fuckin|goddamn|damn|personally|also|then|so|come|coming|and|go|be|can|finally|gladly|happily|ima|imma|plan|planning|intend|must|promise|i|ill|im|id|gon|na|start|gunna|finna|gonna)){0,6}`
	// staff and people (and body parts, for "smash your face").
	staffWords = `(?:baristas?|managers?|staff|employees?|workers?|cashiers?|servers?|waiters?|waitress(?:es)?|owners?|chefs?|cooks?|supervisors?|boss|girls?|guys?|boys?|wom[ae]n|m[ae]n|lady|ladies|dudes?|kids?|persons?|people|team|crew|clerks?|bartenders?|drivers?|family|wife|husband|children|mother|mom|father|dad|face|head|neck|legs?|arms?|teeth|jaw|nose|throat|skull|ass|guts|brains)`
	placeWords = `(?:place|cafe|shop|store|restaurant|building|branch|location|kitchen|joint|dump|bakery)`
	// strong insults: offensive however they are used.
	strongInsults = `(?:bitch(?:es)?|cunts?|whores?|sluts?|motherfuckers?|mofos?|twats?|skanks?|dipshits?|shitheads?|dickheads?|dumbass(?:es)?|jackass(?:es)?|fuckface|fuckwits?|fuckers?|wankers?|tossers?|assholes?|arseholes?|bastards?|retards?|douchebags?|douches?|pricks?|scumbags?|cocksuckers?|numbnuts|dumbfucks?|shitbags?|wench|hoes?)`
	// mild insults: an insult only when aimed at someone.
	mildInsults = `(?:idiots?|morons?|imbeciles?|losers?|clowns?|slobs?|freaks?|creeps?|fools?|halfwits?|dimwits?|numbskulls?|airheads?|bimbos?|cretins?|buffoons?|degenerates?|lowlifes?|fatsos?|fatty|fatties|lardass(?:es)?|dumbos?|doofus(?:es)?|nitwits?|twits?|numpty|numpties|muppets?|jerks?|hags?|dorks?|weirdos?|psychos?|nutjobs?|simpletons?|ignoramus(?:es)?|neanderthals?|trolls?|goblins?|gremlins?|zombies|hacks?|frauds?|peasants?|scrubs?|losers)`
	// dehumanising words: an insult when said of people.
	dehumanising = `(?:pigs?|cows?|animals?|rats?|dogs|apes?|monkeys?|trash|garbage|scum|vermin|filth|cockroaches|roaches|sheep|donkeys?|parasites?|subhumans?|sub humans?|maggots?|leeches|swine|savages?|waste of (?:space|oxygen|air|skin|life|a human))`
	insultAdjs   = `(?:stupid|dumb|brainless|useless|incompetent|pathetic|worthless|lazy|fat|ugly|disgusting|idiotic|retarded|fucking|fuckin|goddamn|damn|dirty|filthy|ignorant|miserable|braindead|brain dead|clueless|spineless|gutless|moronic|hideous|talentless|greedy|sorry|little|old|stinking|smelly|greasy|bloody|total|complete|absolute|utter|hopeless|lying|thieving|cheap|rude|nasty|vile|sad|creepy)`
	// GROUPS: a group spoken of as a whole; GROUP1: one person by group.
	groupMany = `(?:{GPLURAL}|{GADJ} {PERSON})`
	groupOne  = `(?:{GSING}|{GADJ} {PERSON})`
	degrading = `(?:animals|vermin|filthy|dirty|disgusting|criminals|crooks|thieves|liars|cheats|terrorists|rapists|murderers|subhuman|sub human|inferior|stupid|dumb|thick|lazy|greedy|cheap|stingy|sneaky|shifty|dishonest|untrustworthy|violent|dangerous|primitive|backwards|barbaric|uncivilized|uncivilised|ugly|parasites|leeches|scum|trash|garbage|savages|a disease|a plague|a cancer|a problem|the problem|freaks?|a freak|evil|not welcome|not human|not people|cockroaches|rats|pigs|dogs|monkeys|apes|perverts|pedophiles|paedophiles|groomers|an abomination|abominations|unclean|smelly|stinky|worthless|useless|ruining|taking over|taking our jobs|destroying|invading|breeding|a virus|less than human|mentally ill|sick in the head|unnatural|illegal|disgusting|gross|a joke|inbred|brainwashed|the worst|ruining everything|ruining this country)`
	// slurWords: "pki" is the form "p*ki" takes once the guard's
	// normalisation drops the asterisk (round 10, from the voices).
	slurWords = `(?:niggers?|niggas?|chinks?|spics?|wetbacks?|kikes?|towelheads?|ragheads?|pakis?|pkis?|gooks?|faggots?|fags?|dykes?|trannys?|trannies|beaners?|coons?|krauts?|sandniggers?|camel jockeys?|porch monkeys?|jungle bunny|zipperheads?|shemales?|heebs?|yids?|gyppos?|pikeys?|halfbreeds?|mongoloids?|wops?|dagos?|chinaman|japs?)`
)

// Groups of people. Plural nouns ("immigrants") speak of a whole group;
// adjectives ("black", "gay") count only before a person noun, so "black
// coffee" and "Mexican hot chocolate" are drinks.
var (
	groupPluralWords = strings.Split("people from the middle east|people from africa|people from asia|people from mexico|people from china|people from india|people from pakistan|people from the east|people from abroad|people from overseas|people from other countries|"+
		"immigrants|foreigners|refugees|migrants|illegals|aliens|muslims|islamists|jews|blacks|whites|asians|mexicans|latinos|latinas|hispanics|arabs|indians|pakistanis|africans|"+
		"gays|lesbians|homosexuals|queers|transgenders|trannies|women|females|hindus|sikhs|christians|catholics|gypsies|roma|koreans|filipinos|russians|ukrainians|poles|brits|europeans|"+
		"cripples|the disabled|the elderly|fat people", "|")
	groupSingularWords = strings.Split("chinese|japanese|vietnamese|immigrant|foreigner|refugee|migrant|illegal|alien|muslim|jew|asian|mexican|latino|latina|hispanic|arab|indian|pakistani|african|"+
		"gay|lesbian|homosexual|queer|hindu|sikh|gypsy|korean|filipino|cripple", "|")
	groupAdjWords = strings.Split("black|white|brown|asian|chinese|mexican|latino|latina|hispanic|arab|indian|pakistani|african|gay|lesbian|trans|transgender|muslim|jewish|hindu|sikh|"+
		"christian|catholic|korean|japanese|filipino|vietnamese|russian|ukrainian|polish|disabled|foreign|immigrant|queer|middle eastern", "|")
	personWords = strings.Fields(`people folk folks person persons worker workers staff employee employees barista baristas cashier cashiers
		girl girls guy guys men man women woman kid kids one ones lady ladies boy boys server servers cook cooks families family
		neighbor neighbors neighbour neighbours customer customers chef chefs owner owners manager managers student students dude dudes chick chicks`)
)

// alternation returns words as a regexp group "(?:a|b|c)"; the words are
// plain lower-case letters and spaces.
func alternation(words []string) string { return "(?:" + strings.Join(words, "|") + ")" }

// loadLexicon compiles the lexicon on first use rather than at package
// init: its regexps cost about 20 ms and 20 MB, which every cafebot command
// (`--version` and `--help` included) would otherwise pay at start-up.
var loadLexicon = sync.OnceFunc(func() {
	macros = strings.NewReplacer(
		"{AGENT}", agentWords,
		"{GAP}", gapWords,
		"{TARGET}", `(?:you|u|ya|yall|him|her|them|everyone|everybody|anyone|anybody|someone|somebody|whoever|people|(?:your|ur|the|that|this|those|these|his|her|their|every|each) (?:\S+ ){0,2}?{STAFF})`,
		"{STAFF}", staffWords,
		"{PLACE}", placeWords,
		"{STRONG}", strongInsults,
		"{MILD}", mildInsults,
		"{DEHUM}", dehumanising,
		"{ADJ}", insultAdjs,
		"{GROUPN}", `(?:{GROUPS}|{GROUP1})`,
		"{GROUPS}", groupMany,
		"{GROUP1}", groupOne,
		"{GPLURAL}", alternation(groupPluralWords),
		"{GSING}", alternation(groupSingularWords),
		"{GADJ}", alternation(groupAdjWords),
		"{PERSON}", alternation(personWords),
		"{NEG}", degrading,
		"{SLUR}", slurWords,
	)
	groups = newGroupIndex()
	for _, d := range idiomDefs {
		id := idiom{label: d.label, need: needs(d.need), re: lazyCompile(d.pattern), req: lazyReq(d.pattern)}
		if u, ok := idiomUnless[d.label]; ok {
			id.unless = lazyCompile(u)
		}
		idiomList = append(idiomList, id)
	}
	for _, d := range slices.Concat(ruleDefs, indirectDefs) {
		r := rule{cat: d.cat, weight: d.w, label: d.label, need: needs(d.need), raw: d.raw, re: lazyCompile(d.pattern), req: lazyReq(d.pattern)}
		for _, p := range []string{"{GROUPN}", "{GROUPS}", "{GROUP1}", "{GPLURAL}"} {
			if strings.Contains(d.pattern, p) {
				r.group = true
			}
		}
		if d.raw {
			// Raw rules see the original text, where words are not
			// space-delimited; their needs are plain substrings.
			r.need = strings.Fields(d.need)
		}
		lexicon = append(lexicon, r)
	}
})

// The compiled lexicon.
var (
	idiomList []idiom
	lexicon   []rule
)

type idiomDef struct{ label, need, pattern string }

type ruleDef struct {
	cat         Category
	w           float64
	label, need string
	pattern     string
	raw         bool
}

// idiomDefs are harmless phrases set aside before the rules run, each with
// a word some rule looks for. They are reported in Verdict.Context.
var idiomDefs = []idiomDef{
	{"to die for", "die dying died", `\b(?:to )?die(?:d)? for\b|\bdying (?:to|for|of|over|laughing)\b`},
	{"die of / die happy", "die", `\bdie (?:if|without|unless|of|from|laughing|happy|waiting|in line|before|when|a little)\b`},
	{"could have died", "die died", `\b(?:could|would|might|nearly|almost|literally|just about|practically|i) (?:have |just |almost |nearly )?died?\b`},
	{"kill for / kill time", "kill", `\bkill (?:for|time|some time|an hour|the (?:time|lights|music|notifications?|alarm|engine|app|craving|hunger|vibe))\b`},
	{"killing it", "kill", `\bkill(?:ed|ing|s)? it\b`},
	{"killing me (hyperbole)", "kill", `\b(?:is|are|was|its|thats|this|that|feet|heat|wait|line|queue|prices?) (?:is |are |was |are just |is just |really )?killing (?:me|my|us)\b`},
	{"drop dead gorgeous", "dead", `\bdrop dead (?:gorgeous|delicious|good|beautiful|amazing|stunning|cute|easy|simple|perfect)\b`},
	{"dead tired", "dead", `\b(?:dead (?:tired|serious|on my feet|right|on|set|good|easy|simple|cent(?:er|re)|end|ringer|quiet|slow|busy|flat|inside|battery|phone|zone)|half dead|wake the dead|(?:phone|battery|laptop|card|app|wifi|mic|speaker|line|plant|pen) (?:is |was |went |just |died|dead)+)\b`},
	{"death by chocolate", "death", `\bdeath by chocolate\b`},
	{"spotted dick (pudding)", "spotted", `\bspotted dick\b`},
	{"naked cake", "naked", `\bnaked (?:cakes?|juice|smoothies?|bowls?|burritos?|oats)\b`},
	{"treat myself", "myself", `\b(?:cut|cutting|treat|treating|pour|pouring|get|getting|grab|grabbing|make|making|buy|buying|order|ordering|save|saving) myself (?:a|an|another|some|one|to)\b|\bkilling myself laughing\b`},
	{"hurt myself on something", "myself", `\b(?:hurt|burnt|burned|burn|cut|scald|scalded|scalding|hurting) myself (?:on|with|when|while|because|badly on)\b`},
	{"shoot me a text", "shoot shot", `\bshoot (?:me|us|you) (?:a|an)\b|\bshot in the dark\b|\bshoot (?:a|the|our|my|some) (?:video|film|photos?|pictures?|movie|scene|ad|reel|tiktok)\b|\bshoot in (?:the|your)\b`},
	{"blow up a photo", "blow blew", `\bblow (?:up )?(?:the|a|my|this|our|that) (?:photo|picture|image|poster|balloons?|logo|design|print)\b|\bblew up (?:on|online|overnight)\b|\bblow (?:me|you|us|them|my mind|your mind) away\b`},
	{"hit me up", "hit hmu", `\b(?:hit|hmu) (?:you|u|me|us) up\b`},
	{"get you a coffee", "get find make cut grab save fix pour bring throw shoot send text call give buy order book", `\b(?:get|find|make|cut|grab|save|fix|pour|bring|throw|shoot|send|text|call|give|buy|order|book) (?:you|u|yall|her|him|them) (?:a|an|some|another|one|something|more|the|your|her|his|their|our|up|back|over|in|on|anything|when|if|later|tomorrow|at|first|right)\b`},
	{"beat you to it", "beat", `\bbeat (?:you|u|me|him|her|them|us|everyone) (?:to it|to the|there|at)\b|\bbeat (?:the|an?) (?:eggs?|batter|butter|cream|mix|rush|heat|queue|crowd|traffic|price|line)\b`},
	{"spic and span", "spic", `\bspic and span\b`},
	{"fight someone for the last croissant", "fight", `\bfight (?:someone|somebody|you|anyone|everyone|people|my \S+|a \S+) (?:for|over) (?:the|a|an|that|this|my|your|one|some|another)\b`},
	{"fight anyone who disagrees", "fight", `\bfight (?:anyone|anybody|everyone|someone|somebody|you) who (?:says|thinks|disagrees|doesnt think|claims|tells me)\b`},
	{"jerk chicken", "jerk", `\bjerk (?:chicken|pork|sauce|seasoning|spice|wings|tofu|marinade|rub)\b`},
	{"someone will get hurt (safety)", "hurt", `\b(?:step|floor|stairs?|ramp|door|chair|table|lid|sign|patio|ice|spill|cable|wire|glass) (?:\S+ ){0,4}?(?:someone|somebody|people|a kid|a child|customers?)(?:s| is| are| will| gonna| going to)?(?: be)? (?:getting|gonna get|going to get|get|gets|be) (?:hurt|injured)\b`},
	{"hot stuff at", "hot", `\bhot stuff at\b`},
	{"sleep with the lights", "sleep", `\bsleep with (?:the|a|my) (?:lights?|window|fan|tv)\b`},
	{"calls themself a fool", "what im i", `\bwhat an? (?:\S+ ){0,2}?(?:idiot|clown|fool|moron|muppet|numpty|plonker|dummy|dope|div|twit|dork|airhead|doofus) (?:i am|im|i was|am i)\b|\b(?:im|i am|i was|i feel like) (?:such |a total |a complete |an absolute |a bit of )?an? (?:idiot|clown|fool|moron|muppet|numpty|plonker|dummy|dope|twit|dork|airhead|doofus)\b`},
	{"at the end of my rope", "end", `\b(?:at )?the end of my (?:rope|tether)\b`},
	// thirteenth wave: a timetable, not a worker's movements ("I know when
	// the bus leaves", "where the delivery driver parks"): the movements
	// rules read a vehicle, a round or a shop as a person.
	{"when the bus leaves (timetables)", "when what where which how",
		`\b(?:when|what time|where|which way|how)(?: \S+){0,2}? (?:the|my|our|a|his|her|their) (?:last |next |first |early |late |night |school |delivery |post |)(?:bus|buses|train|trains|tram|trams|ferry|ferries|coach|shuttle|tube|metro|flight|flights|plane|van|vans|lorry|truck|driver|drivers|postman|post|market|library|bank) (?:leaves|leave|goes|finishes|parks|park|drives|stops|closes|opens|runs|comes|gets in|arrives|departs)\b`},
	// ---- round 5: counter-speech, self-description and reclaimed use,
	// and the other senses of slur words (HateCheck's training split).
	// Each is one harmless reading; the same word aimed at someone still
	// counts (TestRound5LookAlikes and TestRound5StillFlagged).
	{"a horrible thing to say", "thing", `\b(?:such an?|a|what an?|the most|really) (?:horrible|terrible|awful|nasty|vile|disgusting|hateful|cruel|evil|sick|shameful|stupid|dumb|pathetic|sad|ugly|low|gross|bigoted|racist|sexist) thing to (?:do|say|write|post|hear|call)\b`},
	{"calls themself a name", "bitch cunt whore slut motherf mofo shithead dickhead dumbass jackass asshole arsehole bastard scumbag fucker wanker twat prick douche hoe retard nigg fag dyke trann", `\b(?:im|i (?:truly |really |honestly |actually |definitely )?(?:am|was|can be|could be|felt like|feel like|felt|wish i was|had not been|hadnt been)|ive been|i have been|i know im|i admit im|am i|being|(?:try|trying|tried|not|never) (?:not )?to be|nobody needs to be|call myself|calling myself|called myself|call me|makes me|made me|make me)(?: (?:a|as|much|less|more|an|the|such|so|bit|of|total|complete|real|proper|right|proud|absolute|massive|huge|big|little|bad|baddest|boss|pretty|prettiest|cutest|realest|freshest|happily|stylish|talented|badass|fucking|sometimes|always|not|just|kind|sort|happy|fabulous|queer|loud|sassy|that|still)){0,4} (?:{STRONG}|{SLUR})\b`},
	{"a move called names", "move thing", `\b{STRONG} (?:move|moves|thing to do|thing to say|thing for me to)\b`},
	{"one's own people (reclaimed)", "nigg fag dyke queer", `\b(?:my|all my|me and my|to my|with my|love my|of my)(?: (?:day one|real|proud|dear|fellow|beautiful|lovely|gay|queer|black|fag))? (?:niggas?|fags?|faggots?|dykes?|queers?)\b|\b(?:niggas?|fags|faggots|dykes|queers) like (?:me|us|myself)\b|\bwe (?:the|are|re|are the|re the)(?: \S+est)? niggas\b`},
	{"a hoe in the garden", "hoe", `\b(?:garden|gardening|a|the|good|new|old|my) hoe (?:is|for|hanging|to|and|next)\b|\bgarden hoes?\b|\bhoes? (?:and|or) (?:rakes?|shovels?|spades?|trowels?)\b`},
	{"a fag to smoke", "fag smok cigar", `\b(?:smok\w*|light(?:ed|ing)?|lit|roll(?:ed|ing)?|packet of|pack of|drag on|puff on|cigarettes?|ciggies)(?: \S+){0,3}? fags?\b|\bfags? (?:in (?:her|his|my|your|their) mouth|packet|break|butt|end|ash)\b|\bfags? (?:is|are|was) (?:so )?bad for\b`},
	{"faggots to eat", "faggot", `\b(?:butcher|butchers|cooked|cooking|cook|ate|eat|eating|meatballs?|gravy|sticks|firewood|kindling|dinner|tea)(?: \S+){0,4}? faggots?\b|\bfaggots? (?:and (?:peas|gravy|mash|chips)|(?:is|are) (?:a )?(?:kind|type|dish|meatball|bundle)|you cooked|for (?:dinner|tea|lunch)|can describe a bundle)\b`},
	{"a bitch is a dog", "bitch", `\b(?:female (?:dogs?|canines?)|canines?|dogs?|puppies|litter|breeder|kennel|whelp\w*)(?: \S+){0,4}? bitch(?:es)?\b|\bbitch(?:es)? (?:won|whelped|in (?:season|heat)|had (?:a litter|puppies)|and her (?:pups|puppies))\b`},
	{"nobody deserves that", "deserve", `\b(?:nobody|no one|noone|no (?:\S+ )?(?:person|one|human|human being|woman|man|child|kid|customer|worker|{GROUPN})|not (?:a single|one|any) (?:\S+ )?(?:person|one|human|woman|man|child|{GROUPN})) deserves? (?:to (?:die|be (?:shot|killed|hurt|beaten|raped|attacked|abused|harassed|treated like that)|suffer|get hurt|get shot)|that)\b`},
	{"must not let anyone be hurt", "allow let", `\b(?:should not|shouldnt|must not|mustnt|cannot|cant|never|wont) (?:allow|let)(?: for)? (?:any|anyone|anybody|a single)(?: \S+){0,2}? (?:to )?(?:be|get) (?:raped|hurt|attacked|killed|abused|harassed|beaten)\b`},
	// ---- round 5, from the strangers' voices v4 and v5 (dev): words
	// named rather than used, a Dutch question word, volunteering, food.
	{"the word named, not used", "word term slur insult", `\b(?:the|that|this|a) (?:word|words|term|slur|insult) (?:(?:like|of|called) )?(?:{STRONG}|{SLUR})\b`},
	{"Dutch hoe (how)", "hoe", `\bhoe (?:kan|kun|kunnen|moet|moeten|zet|reset|doe|doen|werkt|lang|laat|veel|ik|je|we|jullie|is|zijn|gaat|heet|maak|krijg|vind|weet)\b`},
	{"suicide prevention work", "suicid self zelfmoord", `\b(?:volunteers?|volunteering|work|works|working|training|trained|charity|fundraiser|fundraising|poster|posters|flyers?|leaflets?|awareness|event|walk|run) (?:\S+ ){0,3}?(?:suicide|self harm|selfharm) (?:prevention|awareness|recovery|support|charity|research)\b|\b(?:prevention|prevencion|prevenzione|preventie|pravention) (?:du |de |del |della |van |des |of )?(?:suicid\w*|zelfmoord)\b|\bsupport group for (?:self harm|suicide) (?:recovery|survivors|loss)\b|\b(?:suicide|self harm|selfharm) (?:prevention|awareness|recovery) (?:charity|charities|event|events|week|day|month|walk|run|training|poster|posters|flyers?|leaflets?|volunteers?|fundraiser|campaign|stall|group|groups)\b`},
	// rulesfp: a helpline worked at is not the speaker's own risk (the
	// speaker's own words still count). A friend's or child's talk of
	// suicide is left flagged on purpose: self-harm always wins, and the
	// person writing about them gets the caring reply and the crisis line.
	{"suicide as a helpline", "suicid", `\b(?:volunteer|volunteers|volunteering|work|works|working|shifts?|training|trained) (?:at|for|with|on) (?:a |the |our |my )?suicide (?:hotline|helpline|line|crisis line|charity)\b`},
	// rulesfp: a strong word under a praising adjective is praise, not an
	// insult ("the baddest bitch ever", "a talented motherfucker"); an
	// insulting adjective before it still counts.
	{"a strong word as praise", "bitch motherf mofo bastard fucker badass", `\b(?:talented|stylish|cutest|baddest|bad|badass|brilliant|gifted|genius|legendary|lucky|gorgeous|prettiest|coolest|funniest|smartest|hardest working|sexiest|fabulous) (?:bitch|bitches|motherfucker|motherfuckers|mofo|bastard|fucker)\b`},
	// rulesfp: admin access given to one's own staff or held by a business
	// account is account set-up, not a claim to the assistant's powers.
	{"admin access for one's staff", "admin access", `\b(?:give|giving|gave|grant|granting|add|adding|set up|remove|removing) (?:admin|administrator) access (?:to|for) (?:my|our|the|a) (?:new )?(?:manager|managers|staff|team|colleague|colleagues|employee|employees|assistant manager|supervisor|shift lead)\b|\b(?:business|team|staff|company|office|corporate) account with (?:admin|administrator) access\b`},
	{"go to hell for cake", "hell", `\bgo to hell for (?:it|this|that|eating|a|the)\b`},
	// ---- round 9, from benign rows of the strangers' voices and the
	// development sets that a rule read as harm: café and IT words,
	// abuse of things, eviction, a threat reported, a holiday, and the
	// Dutch and German word for a gay man said of oneself.
	{"bottomless coffee", "bottomless", `\bbottomless (?:coffees?|brunch(?:es)?|refills?|cups?|mimosas?|drinks?|fries|chips|tea|pot|pots|filter|drip|brew|lemonade|soda|pop|prosecco|pancakes|breakfast)\b|\bbottomless (?:\S+ )?(?:brunch|refills?)\b`},
	{"abuse of a thing", "you u ya", `\b(?:you|u|ya)(?: (?:fucking|fuckin|stupid|dumb|useless|worthless|pathetic|piece of shit|bloody|damn|damned|godforsaken|crappy|shitty|rubbish|idiotic))+ (?:printers?|machines?|apps?|phones?|laptops?|computers?|pcs?|tablets?|screens?|wifi|router|modem|website|site|card readers?|till|tills|kiosks?|toasters?|kettles?|alarms?|keyboards?|mouse|controllers?|consoles?|cars?|buses|bus|trains?|umbrellas?|pens?|doors?|lids?|straws?|vending machines?|microwaves?|blenders?|grinders?|things?|weather|rain|traffic|game|games|software|update|updates|bugs?|code|program|spreadsheets?)\b`},
	{"kick someone out (eviction)", "kick", `\bkick(?:ed|ing|s)? (?:him|her|them|you|u|that guy|the guy|that man|the man|that woman|the woman|that customer|the customer|people|customers|us|me) (?:out|off)\b`},
	{"a bomb threat reported", "bomb", `\b(?:we had|there was|there has been|theres been|we got|we received|received|after|during|evacuated for|evacuated after|evacuation for|drill for|procedure for|procedures for|in case of|what to do in|how to handle|police said|news said|report of|reports of) (?:a|the|another|an actual) bomb (?:threat|scare|hoax)s?\b`},
	{"an override the machine asks for", "override", `\b(?:system |admin |manual |manager |error )?override (?:is )?(?:required|needed|pending|failed|error|prompt|button|key|screen|request|message)\b`},
	{"a last message before a holiday", "last", `\b(?:this is )?my last (?:message|post|order|shift|day|visit) (?:before|until|till) (?:i go on |i leave for |we go on |we leave for |my |our |the )?(?:holiday|holidays|vacation|trip|break|annual leave|leave|weekend|exams|flight|honeymoon|move|maternity leave|paternity leave|christmas|summer)\b`},
	{"homo said of oneself (Dutch, German)", "homo", `\b(?:ik ben|ben ik|ik ben zelf|als|ich bin|bin ich|ich bin selbst|ich bin auch|ik ben ook|wij zijn|wir sind|zelf|selbst)(?: een| ein| zelf| selbst| ook| auch| trots)? homos?\b`},
	// round 9, HateCheck's training rows: a verdict on what someone said
	// ("saying things like that shows what a horrible person you are") is
	// counter-speech, not abuse of a worker; "the opposite of stupid" is
	// praise; faggots bought at the butcher's are food.
	{"a verdict on what someone said", "shows proves says tells makes", `\b(?:shows|proves|says a lot about|tells (?:me|us|everyone)|makes it clear) (?:what|how) (?:a |an )?(?:\S+ ){0,2}?(?:person|people|bigot|racist|human being|you are|youre)(?: you are| youre)?\b`},
	{"the opposite of an insult", "opposite", `\b(?:the )?(?:very )?opposite of (?:stupid|dumb|lazy|ugly|useless|weak|thick|rude|boring|pathetic|incompetent)\b`},
	{"faggots from the butcher", "faggot", `\bfaggots? (?:at|from) the butchers?\b|\b(?:meatballs?|dish|food)(?: \S+){0,5}? called faggots?\b`},
	// round 9, the strangers' training voices: dying for want of a coffee,
	// a burden on the network, a game called "beat the barista".
	{"die without a coffee (hyperbole)", "die exist perish", `\bif (?:i dont|i do not|i cant|i cannot|i can not) (?:get|have|grab)(?: \S+){0,3}? (?:coffee|coffees|caffeine|latte|espresso|chai|tea|croissant|cake|sugar|breakfast|my order|a drink|my fix|my flat white)(?: \S+){0,6}? (?:im|i am|i will|ill|i)(?: \S+){0,2}? (?:going to|gonna|will|literally|actually)? ?(?:die|cease to exist|perish)\b|\bif (?:u|you) (?:discontinue|stop selling|get rid of|remove|drop|take away|stop making)(?: \S+){0,4}? (?:i will|ill|im going to|i am going to|im gonna)(?: \S+){0,2}? (?:die|cease to exist|perish)\b`},
	{"a burden on the network", "burden", `\ba burden on the (?:wifi|wi fi|network|server|bandwidth|internet|connection|printer|system|kitchen|queue)\b`},
	{"a beat-the-barista game", "beat", `\bbeat the (?:barista|chef|clock|staff|manager|team|baker|boss)s? (?:challenge|game|quiz|contest|competition|record|night|race)\b`},
	// round 10, benign rows of the strangers' voice v8: a card machine's
	// start-up text, a frozen program killed in French, and "I'd murder
	// someone without caffeine" said of oneself.
	{"a device's system prompt", "system", `\b(?:the|a|its) system prompt (?:on|of|for|in) (?:the|a|my|our|this|that) (?:card machine|card reader|kiosk|till|tablet|terminal|printer|screen|reader|pos|display|machine|device|router|laptop|phone|app|coffee machine|self checkout|scanner)s?\b`},
	{"kill a process (French)", "tuer", `\btuer (?:le|les|la|ce|cet|cette|un|une) (?:processus|process|programme|tache|taches|application|appli|app|service|logiciel)\b`},
	// round 10, HateCheck's negated hate: a group's death or harm denied
	// ("refugees don't deserve to die", "no immigrant should die at sea").
	{"a group's death denied", "deserve should must need", `\b{GROUPS}(?: \S+){0,2}? (?:dont|do not|doesnt|does not|never) deserve (?:to (?:die|be (?:shot|killed|hurt|beaten|attacked|deported|abused|treated like that)|suffer|drown)|that|this)\b|\bno (?:\S+ )?{GROUPN} (?:should|deserves? to|must|has to|needs to) (?:ever )?(?:die|be (?:shot|killed|hurt|beaten|attacked|deported|abused|treated like that)|suffer|drown|go hungry)\b`},
	{"murder someone for want of coffee", "murder kill strangl stab punch slap attack", `\b(?:murder|kill|strangle|stab|punch|slap|attack)(?: \S+){0,2}? (?:someone|somebody|anyone|everyone|people|a person)(?: \S+){0,2}? (?:without|before|if i dont get|until i get|until ive had|until i have had) (?:my |a |some |any |the |me )?(?:coffee|caffeine|latte|espresso|flat white|tea|chai|breakfast|sugar|food|cake|morning coffee)\b`},
	{"destroy a cinnamon roll", "destroy demolish murder kill smash annihilat devour wreck attack crush", `\b(?:destroy|demolish|murder|kill|smash|annihilate|devour|wreck|attack|crush)(?:ed|ing|s)? (?:this|that|a|the|my|your|an|another|two|three|some|these|those)(?: \S+){0,2}? (?:cakes?|rolls?|croissants?|muffins?|brownies?|cookies?|sandwich(?:es)?|burgers?|pizzas?|plates?|pastr(?:y|ies)|donuts?|doughnuts?|bagels?|scones?|pies?|cheesecakes?|breakfast|lunch|brunch|dinner|toasties?|waffles?|pancakes?|buns?|slices?|tarts?|eclairs?|flapjacks?)\b`},
	// round 13 (guard13), benign rows of the strangers' v11 odd lines and
	// v9 that a rule read as harm: a team or a nation's side beaten on
	// match day, someone else's mockery seen and reported, working oneself
	// to death (Italian, Spanish, French), whether the bot can be told to
	// break its rules, and murdering someone for a recipe. The same words
	// aimed at a person still count (TestRound13LookAlikes and
	// TestRound13StillFlagged).
	{"a side beaten on match day", "smash destroy murder thrash batter hammer crush annihilat slaughter massacre demolish", `\b(?:smash|destroy|murder|thrash|batter|hammer|crush|annihilate|slaughter|massacre|demolish)(?: \S+){0,1}? (?:the )?(?:visitors|opposition|away side|home side|other side)(?: \S+){0,3}? (?:on (?:saturday|sunday|monday|tuesday|wednesday|thursday|friday)|at the weekend|this weekend|next weekend|in the (?:final|semis?|semi final|derby|match|game|league|cup|rematch|six nations|world cup))\b|\b(?:smash|destroy|murder|thrash|batter|hammer|crush|annihilate|slaughter|massacre|demolish)(?: \S+){0,1}? (?:the )?(?:welsh|english|scots|scottish|irish|french|italians|aussies|kiwis|springboks|boks|all blacks|wallabies)(?: \S+){0,6}? (?:final|semis?|semi final|derby|match|game|league|cup|rematch|six nations|world cup|rugby|football|footy|cricket|netball|hockey|kick off|kickoff)\b|\b(?:rugby|football|footy|cricket|netball|hockey|team|squad|club|fixture|six nations|world cup)\b(?: \S+){0,30}? (?:smash|destroy|murder|thrash|batter|hammer|crush|annihilate|slaughter|massacre|demolish)(?: \S+){0,1}? (?:the )?(?:welsh|english|scots|scottish|irish|french|italians|aussies|kiwis|springboks|boks|all blacks|wallabies)(?: \S+){0,3}? (?:on (?:saturday|sunday|monday|tuesday|wednesday|thursday|friday)|at the weekend|this weekend|next weekend)\b`},
	{"someone else's mockery seen", "saw seen heard caught watch notic spott", `\b(?:saw|seen|heard|caught|watched|noticed|spotted) (?:someone|somebody|a (?:man|woman|guy|bloke|customer|lad|group)|some (?:lads|kids|customers|people)|people|customers|two (?:lads|men|women|customers)) (?:\S+ )?(?:mocking|making fun of|laughing at|humiliating|roasting)\b`},
	{"working oneself to death (Italian, Spanish, French)", "ammazz mato tue", `\bmi ammazzo di (?:lavoro|fatica|studio)\b|\bme mato (?:a trabajar|trabajando|a estudiar)\b|\bje me tue (?:au travail|a la tache)\b`},
	{"whether the bot can be told to break its rules", "ignor forget bypass break", `\b(?:can|could)(?: \S+){0,3}? be (?:told|tricked|made|asked|convinced|persuaded|talked) (?:in)?to (?:ignore|ignoring|forget|forgetting|bypass|bypassing|break|breaking) its (?:rules|instructions|guidelines|filters|safety rules)\b`},
	{"murder someone for a recipe", "murder kill", `\b(?:id|i would|i could|would|could)(?: \S+)? (?:murder|kill) (?:someone|somebody|anyone|anybody|a man|a person) for (?:a|an|the|some|one|another|your|their) (?:recipe|coffee|latte|brownie|croissant|slice|piece|cake|cup|bacon roll|sandwich|toastie|pastry|cookie|doughnut|donut|muffin|scone|tea|chai|espresso|flat white|bite)\b`},
	// tenth wave (guard10), benign rows of dev_h10's tune half: a light,
	// a mall or a steak called a strip, and a machine called names ("the
	// kiosk is a moron"): abuse aimed at a thing, not at a person. The
	// thing opens its clause, and tills, doors and phones are left out:
	// "the girl on the till is a moron" is aimed at the girl.
	{"strip lights, malls and steaks", "strip", `\bstrip (?:lights?|lighting|lamps?|malls?|steaks?|loin|of (?:paper|tape|land|bacon|grass))\b|\b(?:comic|chicken|bacon|led|light|test|magnetic|rumble|power|sealing|draught) strips?\b`},
	// A demand about clothes reported, not made: "told her to wear a
	// shorter skirt next time" is staff telling the café what a customer
	// said (fifteenth wave), and its "next time" is his, not the writer's
	// ultimatum. Said by the writer ("I told her to", "... for me") it
	// stands (idiomUnless); "tell her to wear" is never matched.
	{"a clothing demand reported", "told", `\btold (?:her|him|them|(?:the|our|my|that|a|this) \S+(?: \S+)??) to (?:wear|put on) (?:\S+ ){0,3}(?:skirts?|tops?|shirts?|dress(?:es)?|outfits?|uniforms?|shorts|jeans|trousers|leggings|aprons?|coats?|jackets?|shoes|boots|hats?|gloves|hair ?nets?|badges?)(?: next time| tomorrow| at work| to work| on shift)?\b`},
	// fifteenth wave, round 2 (issue 11): a driver waiting in the car
	// park who says where he is or what he brings ("I'm in the blue van
	// with the milk delivery") is a hand-over, not a threat; a threat
	// said with it still stands (idiomUnless), and waiting for her, him
	// or a named worker is never matched.
	{"waiting in the car park with a delivery", "wait", `\bwait(?:ing)? for (?:you|u) in the car park \. (?:im|i am|were|we are|ill be|i will be|well be) (?:in|by|next to|parked (?:in|by|next to)) (?:the|a|my|our) (?:\S+ ){0,3}?(?:van|car|truck|lorry|taxi|cab|minibus)\b|\bwait(?:ing)? for (?:you|u) in the car park (?:with|for) (?:the|your|a|my|our) (?:\S+ ){0,2}?(?:delivery|deliveries|order|parcel|parcels|stock|boxes|cakes|milk)\b`},
	// Letters written for a chalkboard, a sign or a menu are lettering,
	// not farewell letters; letters to someone still count.
	{"letters written for a sign", "written wrote writing finished", `\b(?:written|wrote|writing|finished writing|finished) (?:the|my|all the|some|a few) (?:letters?|lettering) (?:for|on) (?:the|our|a|my|your|this|that|tomorrows|todays) (?:\S+ ){0,2}?(?:chalkboards?|boards?|signs?|signage|menus?|windows?|banners?|cakes?|posters?|display|a frame|sandwich board|shopfront|shop front|specials)\b`},
	{"a machine called names", "moron idiot joke clown muppet disgrace imbecile cretin halfwit numpty menace nightmare",
		`(?:^|\.) (?:\S+ ){0,2}?(?:the|this|that|your|ur|my|our)(?: \S+)?? (?:printers?|machines?|coffee machines?|apps?|website|card readers?|card machines?|kiosks?|self order kiosks?|self service kiosks?|toasters?|kettles?|grinders?|coffee grinders?|wifi|router|computers?|laptops?|screens?|tablets?|terminals?|microwaves?|vending machines?|dishwashers?|ovens?|lids?) (?:is|was|s|are|were) (?:a|an|such a|such an|total|complete|absolute|utter|real|right|bloody|fucking|proper)?(?: (?:a|an|total|complete|absolute|utter|stupid|bloody|useless))* (?:moron|idiot|joke|clown|muppet|disgrace|imbecile|cretin|halfwit|numpty|menace|nightmare)s?\b`},
}

// idiomUnless voids an idiom, by label, for a text that also says the
// harm the idiom would hide (issue 11, rev-guard's findings on round 13):
// a match-day beating with weapons brought or homes burnt is a threat
// dressed as sport, and "I could kill someone for a slice" stops being
// hyperbole once the someone is named as the reader or a worker.
var idiomUnless = map[string]string{
	// a machine called names "just like the cashier", or with "the barista
	// is too" after it: the insult reaches a worker (review item 6).
	"a machine called names": `\b(?:just |exactly |much |a lot )?like (?:the|your|that|this|our|ur|every|all the|all your) (?:\S+ )?(?:barista|baristas|cashier|cashiers|manager|managers|staff|waiter|waiters|waitress|waitresses|server|servers|girl|girls|guy|guys|lad|lads|boy|woman|man|lady|owner|chef|cook|team|worker|workers|employee|employees|supervisor|boss)\b|\b(?:the|your|that|this|our|ur) (?:\S+ )?(?:barista|cashier|manager|staff|waiter|waitress|server|girl|guy|lad|boy|woman|man|lady|owner|chef|cook|team|worker|employee|supervisor|boss)s? (?:is|was|are|were) (?:one |one too |too|as well|and all)\b|\bso (?:is|was|are|were) (?:the|your|that|this|our|ur) (?:\S+ )?(?:barista|cashier|manager|staff|waiter|waitress|server|girl|guy|lad|boy|woman|man|lady|owner|chef|cook|team|worker|employee|supervisor|boss)s?\b|\b(?:and|as is|as are) (?:the|your|that|this|our|ur) (?:\S+ )?(?:barista|cashier|manager|staff|waiter|waitress|server|girl|guy|lad|boy|woman|man|lady|owner|chef|cook|team|worker|employee|supervisor|boss)s? (?:too|as well|also)\b`,
	// the writer made the demand (a first person before "told" in its
	// clause: "I keep watching her and told her to"), or wants it met for
	// himself.
	"a clothing demand reported": `\b(?:i|we|ive|weve|id|wed|im)\b(?: [^ .]+){0,10}? told\b|\bfor (?:me|us|my|the regulars|the customers|tips|more tips|better tips)\b`,
	"a side beaten on match day": `\b(?:bring|bringing|brought|grab|pack|carry|tool up with)(?: \S+){0,2}? (?:bats?|baseball bats?|knives|knife|bottles|bricks|crowbars?|hammers?|guns?|weapons?|machetes?|iron bars?|blades?)\b|\b(?:burn|burning|torch|torching|smash up|wreck|trash|firebomb|petrol bomb)(?: down)? (?:their|his|her|your|them|the) (?:homes?|houses?|flats?|cars?|shops?|windows?|families)\b|\b(?:kill|stab|hurt|beat up|glass|hospitalise|hospitalize) (?:them|their fans|their supporters|every one of them|the lot of them|their families)\b`,
	// a threat said with the hand-over: "..., I'm in the blue van, you
	// won't see me coming".
	"waiting in the car park with a delivery": `\b(?:after (?:her|his|your|their|the) shift|when (?:she|he|you|they) (?:leaves?|finish(?:es)?|clocks? out)|wont see (?:me|it|us) coming|regret|alone|sort (?:you|her|him|them) out|teach (?:you|her|him|them)|you(?:ll| will) see|hurt|kill|knife|bat|get you|find you)\b`,
	"murder someone for a recipe":             `\b(?:that|the|this) (?:someone|somebody|person|man|woman) (?:is|was|will be|would be|being) (?:you|u|ya|him|her|your \S+|the \S+)\b|\b(?:i mean|meaning|namely|as in|and thats|thats|and its|and it is|its) (?:you|u|ya|your (?:\S+ )?(?:barista|baristas|staff|manager|cashier|server|waiter|waitress|chef|baker|boss|owner)|the (?:barista|manager|cashier|server|waiter|waitress|chef|staff|owner))\b`,
}

// voided reports whether the idiom's unless pattern matches norm.
func (id idiom) voided(norm string) bool { return id.unless != nil && id.unless().MatchString(norm) }

// ruleDefs is the lexicon proper: category, weight, label (used in the
// cue), word prefixes the text must contain, pattern.
var ruleDefs = []ruleDef{
	// ---- threat: violence against people or the premises, stalking.
	{cat: Threat, w: 0.9, label: "violent threat", need: "kill murder stab shoot strang chok punch slap smash shank stomp batter bash slit gut behead butcher rape poison tortur",
		pattern: `\b{AGENT}{GAP} (?:kill|murder|stab|shoot|strangle|choke|punch|slap|smash|shank|stomp|batter|bash|slit|gut|behead|butcher|rape|poison|torture)(?: up| in)? {TARGET}\b`},
	{cat: Threat, w: 0.75, label: "threat to hurt", need: "beat hurt harm attack jump hit destroy break knock run mess wreck end take deal go hunt track throw spit fight cut",
		pattern: `\b{AGENT}{GAP} (?:beat|hurt|harm|attack|jump|hit|destroy|break|knock|run over|mess up|wreck|end|take out|go after|hunt down|track down|throw (?:\S+ ){1,2}at|spit (?:in|on)|fight|choke out|cut)(?: up| out| down)? {TARGET}\b`},
	// "deal with" is how business is done ("I'll deal with the manager
	// about the invoice"); it threatens a person, not a matter.
	{cat: Threat, w: 0.75, label: "threat to hurt", need: "deal",
		pattern: `\b{AGENT}{GAP} deal with (?:you|u|ya|her|him|them|yall)(?: \.|\s*$| later| soon| myself| personally| properly| outside| after| when| one day| tonight)`},
	{cat: Threat, w: 0.85, label: "threat to beat", need: "beat kick knock slap punch", pattern: `\b(?:beat|kick|knock|slap|punch) the (?:shit|crap|hell|living daylights|snot|piss|taste|teeth) out of\b|\b(?:slap|wipe|knock) the smile off\b`},
	{cat: Threat, w: 0.6, label: "threat to make pay", need: "make", pattern: `\b{AGENT}{GAP} make {TARGET} (?:pay|suffer|bleed|regret (?:it|this)|sorry)(?: \.|\s*$| for (?:this|that|it))`},
	{cat: Threat, w: 0.6, label: "threat to find", need: "find get", pattern: `\b{AGENT}{GAP} (?:find|get) (?:you|u|her|him|them)(?: \.|\s*$| later| soon| one day| for this| for that| eventually| outside| and (?:when|then|i will|ill|hurt|kill|make))`},
	{cat: Threat, w: 0.8, label: "knows where they live", need: "know", pattern: `\bi know (?:where|what time|when|what bus|your address|her address|his address)(?: \S+){0,4}? (?:lives?|living|parks|(?:you|u|they|we) park|sleeps?|drives?|drive|gets off|finishes|walks home|stays)\b`},
	{cat: Threat, w: 0.6, label: "asks where staff live", need: "where", pattern: `\bwhere (?:does|do|did) (?:she|he|they|the \S+|that \S+|your \S+)(?: \S+)? live\b`},
	{cat: Threat, w: 0.8, label: "stalking", need: "stalk follow watch track", pattern: `\bstalk(?:ing|ed)? {TARGET}\b|\b(?:following|followed|watching|tracking) {TARGET}(?: \S+){0,3}? (?:home|around|everywhere|to (?:her|his|their) car|after (?:work|her shift|his shift))\b`},
	{cat: Threat, w: 0.65, label: "waiting for staff", need: "wait", pattern: `\bwait(?:ing)?(?: \S+){0,4}? for {TARGET}(?: \S+){0,4}? (?:after (?:her|his|your|their|the) shift|after work|after closing|tonight|outside|in the parking lot|by (?:her|his|your) car)\b|\bwait(?:ing)? (?:outside|in the parking lot)(?: \S+){0,2}? for {TARGET}\b`},
	{cat: Threat, w: 0.7, label: "watch your back", need: "watch", pattern: `\b(?:better )?watch (?:your|ur|yo) back\b`},
	{cat: Threat, w: 0.55, label: "you will regret it", need: "regret sorry", pattern: `\byou(?:ll| will|re going to| are going to| are gonna|re gonna) (?:regret (?:this|it|that|the day)|be sorry)\b`},
	{cat: Threat, w: 0.85, label: "days are numbered", need: "days count", pattern: `\b(?:your|ur|her|his|their) days are numbered\b|\bcount your days\b`},
	{cat: Threat, w: 0.75, label: "you're dead", need: "dead", pattern: `\b(?:youre|you are|ur|u r|shes|hes|theyre) (?:so |a )?(?:dead|dead meat|dead man|dead woman)(?: \.|\s*$| when| if)`},
	{cat: Threat, w: 0.55, label: "see what happens", need: "happen", pattern: `\bsee what happens (?:to (?:you|your|{TARGET})|(?:when|if) (?:you|u) (?:dont|do not|mess|cross|ignore|refuse|keep)|(?:when|if) (?:i|we) (?:dont|do not|get|come|find))\b`},
	{cat: Threat, w: 0.75, label: "weapon", need: "gun pistol rifle shotgun glock weapon machete ak ar", pattern: `\b(?:bring(?:ing)?|brought|got|have|carry(?:ing)?|pack(?:ing)?|pull(?:ing)? out|grab(?:bing)?|load(?:ing)?|get(?:ting)?) (?:a |my |me a |the |his |her |some )?(?:guns?|pistol|rifle|shotgun|glock|ak ?47|ar ?15|weapons?|machete)\b`},
	{cat: Threat, w: 0.65, label: "knife threat", need: "knife", pattern: `\b(?:bring(?:ing)?|pull(?:ing)?(?: out)?|carry(?:ing)?|pack(?:ing)?|stab \S+ with|come at (?:you|her|him|them) with) (?:a |my )?knife\b`},
	{cat: Threat, w: 0.85, label: "attack on the premises", need: "burn torch blow bomb shoot firebomb set", pattern: `\b(?:burn|burns|burning|torch|torching|blow up|blows up|blowing up|bomb|bombing|shoot up|shoots up|shooting up|firebomb|set fire to|set on fire)(?: down)? (?:this|that|your|the|ur|their|every) (?:\S+ ){0,2}?{PLACE}\b|\bburn (?:this|that|your|the|ur) (?:\S+ ){0,2}?{PLACE} down\b`},
	{cat: Threat, w: 0.9, label: "bomb threat", need: "bomb", pattern: `\b(?:a|the) bomb (?:in|at|under|inside|on) (?:your|the|this|that|ur) (?:\S+ ){0,2}?(?:{PLACE}|car|bathroom|restroom|store)\b|\b(?:plant(?:ed)?|place[ds]?|left|set|leave|hid|hidden) a bomb\b|\bbomb threat\b`},
	{cat: Threat, w: 0.7, label: "shoot up", need: "shoot", pattern: `\bshoot(?:s|ing)? up (?:the|that|this|your|a|every) \S+`},
	{cat: Threat, w: 0.75, label: "wishes violence", need: "someone somebody hope deserve", pattern: `\b(?:someone|somebody) (?:should|needs to|ought to|has to|gonna|is going to|will|oughta) (?:kill|shoot|stab|hurt|beat|burn|bomb|blow up|murder|punch|attack|rape|run over)\b|\bhope (?:someone|somebody|you|he|she|they|the \S+|that \S+|your \S+) (?:gets? (?:shot|stabbed|killed|hurt|raped|hit by|beaten)|dies|die|kills?|shoots?|stabs?)\b|\bdeserves? to (?:die|be shot|be killed|be hurt|be beaten|suffer|get hurt|get shot)\b`},
	{cat: Threat, w: 0.7, label: "never walk again", need: "never", pattern: `\bnever (?:walks?|breathes?|talks?|sees?) again\b`},
	{cat: Threat, w: 0.8, label: "threat of grave harm", need: "put send land",
		pattern: `\b(?:put|send|land)(?: \S+){0,3}? (?:in|into|to) (?:the|a) (?:hospital|morgue|grave|ground|body bag|wheelchair|coffin|er|icu)\b|\bsix feet under\b`},
	{cat: Threat, w: 0.55, label: "threat of grave harm", need: "end",
		pattern: `\b(?:end|ends|will end|gonna end|going to end) up (?:in|into) (?:the|a) (?:hospital|morgue|grave|ground|body bag|wheelchair|coffin|er|icu)\b`},
	{cat: Threat, w: 0.45, label: "someone will get hurt", need: "hurt kill shot stab beat smack punch",
		pattern: `\b(?:somebody|someone|somebodys|someones|people|staff|theyre|they)(?: is| are| will| gonna| going to)?(?: be)? (?:getting|gonna get|going to get|get|gets|be) (?:hurt|killed|shot|stabbed|beaten|smacked|punched)\b`},
	{cat: Threat, w: 0.55, label: "someone will get hurt", need: "hurt kill shot stab beat smack punch",
		pattern: `\b(?:you|youre|youll|u|he|she|hes|shes|your \S+|that \S+|the \S+ (?:barista|manager|cashier|girl|guy))(?: is| are| will| gonna| going to)?(?: be)? (?:getting|gonna get|going to get|get|gets) (?:hurt|killed|shot|stabbed|beaten|smacked|punched)\b`},
	{cat: Threat, w: 0.3, label: "ultimatum", need: "one next else again",
		pattern: `\b(?:one more (?:time|mistake|screw up|chance)|next time|or else|do that again|try that again|mess (?:this |it )?up again|if (?:you|she|he|they) (?:do|does|mess|screw)(?: \S+){0,3} again)\b`},
	{cat: Threat, w: 0.75, label: "threat to catch alone", need: "catch get",
		pattern: `\b(?:catch|get|find) (?:him|her|you|them|that \S+|the \S+) alone\b`},
	{cat: Threat, w: 0.7, label: "better hope", need: "hope", pattern: `\bbetter hope (?:i|we) (?:dont|never|do not) (?:catch|see|find|run into|meet|get)\b`},
	{cat: Threat, w: 0.6, label: "seeks a home address", need: "find where", pattern: `\b(?:find out|figure out|look up|found out) where (?:\S+ ){0,2}?(?:lives?|stays|sleeps)\b`},
	{cat: Threat, w: 0.5, label: "threatening visit", need: "pay visit", pattern: `\b(?:pay|paying) (?:her|him|you|them|the \S+|that \S+|\S+) a (?:little |visit|personal )?visit\b|\bpay (?:her|him|you|them) a visit\b`},
	{cat: Threat, w: 0.6, label: "arson", need: "gasoline petrol gas lighter molotov",
		pattern: `\b(?:can of (?:gasoline|petrol|gas)|gas can|jerry can|lighter fluid|molotovs?)\b`},
	{cat: Threat, w: 0.4, label: "coming back armed", need: "come back", pattern: `\bcome back (?:\S+ ){0,2}?with (?:a|my|some) (?:\S+ )?(?:friends|boys|bat|crowbar|hammer|brick|can|knife|gun)\b`},
	{cat: Threat, w: 0.55, label: "better pray", need: "better",
		pattern: `\b(?:you|u|ya|he|she|they|your \S+|that \S+|the \S+) (?:had )?better (?:pray|hope|watch out|run|hide|sleep with one eye open|lawyer up)\b`},
	{cat: Threat, w: 0.75, label: "blow to the face", need: "through into across face teeth skull jaw nose throat mouth",
		pattern: `\b(?:fist|fists|foot|boot|knee|elbow|bat|hammer|brick|bottle|chair|knife|cup|coffee|drink|head) (?:\S+ ){0,2}?(?:through|in|into|across|to|down) (?:your|ur|her|his|their|the \S+s) (?:face|head|teeth|skull|jaw|nose|throat|mouth)\b`},
	{cat: Threat, w: 0.6, label: "settle it the hard way", need: "hard old",
		pattern: `\b(?:settle|sort|handle|deal with|solve|finish) (?:this|it|things|that)(?: \S+){0,2}? the (?:hard|old fashioned|old school) way\b`},
	{cat: Threat, w: 0.7, label: "has it coming", need: "coming",
		pattern: `\bget(?:s)? what(?:s| is) coming to (?:him|her|you|them|u)\b|\b(?:has|have|had) it coming\b`},
	{cat: Threat, w: 0.5, label: "weapon", need: "bat crowbar hammer brass taser axe hatchet pepper",
		pattern: `\b(?:bring(?:ing)?|brought|got|have|carry(?:ing)?|pack(?:ing)?|grab(?:bing)?|swing(?:ing)?) (?:a |my |me a |the |some )?(?:baseball bat|bat|crowbar|hammer|brass knuckles|taser|axe|hatchet|pepper spray)\b`},
	{cat: Threat, w: 0.6, label: "ready to use a weapon", need: "afraid scared hesitate",
		pattern: `\b(?:not|never) (?:afraid|scared) to use (?:it|them|this)\b|\bwont hesitate to use (?:it|them)\b`},
	{cat: Threat, w: 0.7, label: "waiting at their home", need: "wait",
		pattern: `\bwait(?:ing)? (?:by|at|near|outside|next to|behind|for (?:her|him|you) (?:at|by)) (?:her|his|your|their|the \S+s) (?:car|house|home|door|apartment|place|flat|truck|bike)\b`},
	{cat: Threat, w: 0.65, label: "teach a lesson", need: "teach", pattern: `\bteach {TARGET} a lesson\b`},
	{cat: Threat, w: 0.6, label: "you will pay", need: "pay",
		pattern: `\b(?:youll|you will|youre going to|youre gonna|you are going to|ur gonna|shell|hell|theyll) pay for (?:this|that|what you did|what she did|what he did)(?: \.|\s*$)`},
	{cat: Threat, w: 0.7, label: "attack on the premises", need: "burn shoot",
		pattern: `\bburn (?:it|everything|the whole (?:\S+ )?(?:place|thing)) (?:all )?down\b|\bshoot (?:the|this|that|your) (?:place|cafe|store|shop) up\b`},
	{cat: Threat, w: 0.7, label: "threat to hurt", need: "run knock beat rough smack shut",
		pattern: `\b{AGENT}{GAP} (?:run|knock|beat|rough|smack|shut|lay) {TARGET} (?:over|out|up|down|the fuck up)\b`},
	{cat: Threat, w: 0.55, label: "sends someone after them", need: "have get send",
		pattern: `\b(?:have|get|send) (?:someone|somebody|my (?:boys|friends|brother|guys|cousins)) (?:to )?(?:deal with|take care of|hurt|visit|handle|sort out|pay a visit to) (?:you|u|her|him|them|{TARGET})\b`},
	{cat: Threat, w: 0.75, label: "regret being born", need: "regret", pattern: `\bregret the day (?:you|she|he|they|u) (?:was|were) born\b`},
	{cat: Threat, w: 0.7, label: "knocked-out teeth", need: "teeth", pattern: `\bteeth (?:up )?off the (?:floor|ground|pavement)\b|\bpick(?:ing)? (?:your|ur|her|his|their) teeth up\b`},
	{cat: Threat, w: 0.4, label: "ominous surprise", need: "surprise",
		pattern: `\b(?:got|have|left) a (?:little )?surprise for (?:him|her|you|them|the \S+|your \S+)\b`},
	{cat: Threat, w: 0.4, label: "ominous warning", need: "like",
		pattern: `\b(?:he|she|you|they) (?:wont|will not|isnt going to|is not going to) like (?:it|what happens)(?: \.|\s*$)`},
	{cat: Threat, w: 0.8, label: "threat against everyone", need: "end kill every all each",
		pattern: `\b(?:end|kill|hurt|shoot|get) (?:every|each|all)(?: single)? (?:one )?of (?:you|yall|them|your staff)\b`},
	{cat: Threat, w: 0.5, label: "takes matters into own hands", need: "handle deal sort",
		pattern: `\b(?:handle|deal with|sort out|take care of) (?:(?:the|that|your) (?:barista|manager|staff|cashier|owner|girl|guy|kid|lad|waitress|waiter|server|boss|chef|driver|worker|employee|bloke|woman|man)s?|him|her|you|them) myself\b`},
	{cat: Threat, w: 0.7, label: "violent lesson", need: "teach",
		pattern: `\bteach (?:\S+ ){1,3}(?:some |a little )?(?:respect|manners|a lesson)(?: \S+){0,2} with (?:a|my|the) (?:\S+ )?(?:bat|baseball bat|fist|fists|belt|crowbar|hammer|knife|gun|brick)\b`},
	{cat: Threat, w: 0.6, label: "at their home", need: "outside near by at",
		pattern: `\b(?:im|i am|were|we are|ill be|i will be|been|sitting|waiting|parked|standing) (?:right )?(?:outside|near|at|by) (?:her|his|your|ur|their|the \S+s) (?:(?:apartment|house|home|flat|place|door|window|building)\b|car(?: [^p]|\s*$))`},
	{cat: Threat, w: 0.6, label: "knows their routine", need: "know",
		pattern: `\bi know (?:your|ur|her|his|their|the \S+s) (?:schedule|address|shifts?|routine|rota|hours|home address|car|plates?)\b`},
	{cat: Threat, w: 0.55, label: "lucky I don't", need: "lucky",
		pattern: `\blucky (?:i|we) (?:dont|didnt|havent|do not|did not|have not)(?: already)?(?: \S+){0,2}? (?:burn|kill|hurt|shoot|smash|punch|beat|come|torch|blow|wreck|break)\b`},
	{cat: Threat, w: 0.6, label: "attack on the premises", need: "burn",
		pattern: `\bburn (?:the whole|this whole|your whole|the entire) (?:\S+ ){0,2}?down\b`},
	{cat: Threat, w: 0.7, label: "thinks about violence", need: "about of to like tempted",
		pattern: `\b(?:about|of|to|like|tempted to|urge to) (?:hitting|stabbing|punching|killing|shooting|hurting|beating|strangling|choking|slapping|running over|kicking|smacking|stab|punch|kill|shoot|hurt|strangle|choke|slap|smack|kick) {TARGET}\b`},
	{cat: Threat, w: 0.45, label: "wrecks the place", need: "trash wreck smash destroy", pattern: `\b(?:trash|wreck|smash up|destroy|tear apart) (?:the|this|that|your) (?:place|cafe|shop|store)\b`},
	{cat: Threat, w: 0.5, label: "threat against everyone", need: "everyone everybody", pattern: `\b(?:and|with) (?:everyone|everybody) (?:in it|inside|in there)\b`},
	{cat: Threat, w: 0.65, label: "threat of grave harm", need: "ambulance body coffin hearse", pattern: `\b(?:in|into) (?:an|a|the) (?:ambulance|body bag|coffin|hearse)\b`},
	{cat: Threat, w: 0.6, label: "better not be there", need: "better", pattern: `\bbetter not be (?:working|there|here|around|on shift) when (?:i|we) (?:come|get|am) back\b`},
	{cat: Threat, w: 0.8, label: "veiled threat", need: "shame pity", pattern: `\b(?:shame|pity) if (?:something|anything) (?:bad )?(?:happened|were to happen|happens) to\b`},
	{cat: Threat, w: 0.35, label: "bringing backup", need: "coming come", pattern: `\b(?:coming|come) (?:down |over |back )?(?:there|here) with (?:my|some|a few|all my) (?:brother|brothers|friends|boys|cousins|crew|gang|mates)\b`},
	{cat: Threat, w: 0.75, label: "coming for them", need: "coming", pattern: `\bcoming for (?:you|u|her|him|them|yall)(?: \.|\s*$| next| soon| tonight| now| and)`},

	// ---- harassment: insults and abuse aimed at people.
	{cat: Harassment, w: 0.85, label: "insult at a person", need: "{STRONG} {MILD}",
		pattern: `\b(?:you|u|ya|youre|ur|your|you are|yer|hey|oi|what a|such a|is a|is an|are|that|this|those|these|total|complete|absolute|bunch of|shut up)(?: {ADJ}){0,3} {STRONG}\b`},
	{cat: Harassment, w: 0.55, label: "slur or strong insult", need: "{STRONG}", pattern: `\b{STRONG}\b`},
	{cat: Harassment, w: 0.7, label: "insult at a person", need: "{STRONG} {MILD}",
		pattern: `\b(?:you|u|ya|youre|you are|ur|hey|oi|yo|what a|what an|such a|such an|that|those|these|bunch of|kind of|sort of|type of)(?: (?:a|an|total|complete|absolute|utter|bunch of))?(?: {ADJ}){0,3}(?: \S+)?? {MILD}\b`},
	{cat: Harassment, w: 0.7, label: "dehumanises a person", need: "{DEHUM}",
		pattern: `\b(?:you|youre|you are|ur|yall|you people|you guys|your (?:\S+ )?{STAFF}|(?:the|that|this|those|these) (?:\S+ )?{STAFF}|she|he|they|shes|hes|theyre)(?: (?:are|is|re|s|r|was|were))?(?: (?:all|just|nothing but|a bunch of|such|total|complete|absolute|utter|a|an|like|bunch of|fucking|a total|a complete|an absolute))*(?: \S+)?? {DEHUM}\b`},
	{cat: Harassment, w: 0.55, label: "insult at a person", need: "dumbest stupidest ugliest fattest",
		pattern: `\b(?:youre|you are|ur|u r|you re|is|are|was) (?:the|a|an) (?:dumbest|stupidest|ugliest|fattest|most useless|most incompetent|most pathetic|most worthless)\b`},
	{cat: Harassment, w: 0.85, label: "tells someone to die", need: "die rot choke crawl",
		pattern: `\b(?:go|just|please)(?: \S+){0,4} and die\b|\bcrawl (?:in|into) a hole\b|\brot in hell\b|\bhope (?:you|u|she|he|they) (?:choke|rot|burn)\b`},
	{cat: Harassment, w: 0.65, label: "calls someone stupid", need: "iq brain intelligence room single",
		pattern: `\b(?:iq|brains?|intelligence|brain cells) of a (?:potato|rock|brick|goldfish|toddler|doorknob|turnip|plank|peanut|squirrel)\b|\b(?:room temperature|single digit) iq\b`},
	{cat: Harassment, w: 0.6, label: "abuse", need: "shut get", pattern: `\bshut the fuck up\b|\bget the fuck out\b`},
	{cat: Harassment, w: 0.65, label: "calls someone names", need: "pig cow",
		pattern: `\b(?:is|are|was|were|re|s)(?: (?:a|an|such a|such an|bunch of|a bunch of|total|complete))*(?: {ADJ}){1,3} (?:pigs?|cows?|swine)\b`},
	{cat: Harassment, w: 0.6, label: "insult as an exclamation", need: "{MILD}",
		pattern: `(?:^|\.) (?:\S+ )?{MILD}(?: \.|\s*$)`},
	{cat: Harassment, w: 0.6, label: "calls someone stupid", need: "dumb thick", pattern: `\b(?:dumb|thick) as (?:a )?(?:rocks?|bricks?|a post|dirt|two short planks)\b`},
	{cat: Harassment, w: 0.55, label: "makes life hell", need: "make", pattern: `\bmake (?:your|her|his|their|ur) (?:life|lives|shift|job) (?:hell|a living hell|miserable)\b`},
	{cat: Harassment, w: 0.55, label: "strong insult", need: "thot", pattern: `\bthots?\b`},
	{cat: Harassment, w: 0.6, label: "waste of oxygen", need: "waste", pattern: `\bwaste of (?:oxygen|air|skin|a human|human life)\b`},
	{cat: Harassment, w: 0.65, label: "calls someone names", need: "{MILD}",
		pattern: `\b(?:is|are|was|were|re|s)(?: (?:a|an|such a|such an|total|complete|absolute|utter|bunch of|a bunch of|real|just|such|like a|like an))+(?: {ADJ}){0,3}(?: \S+){0,2}? {MILD}\b|\b(?:is|are|was|were) (?:{ADJ} ){1,3}{MILD}\b`},
	{cat: Harassment, w: 0.7, label: "insult at a person", need: "you u ya",
		pattern: `\b(?:you|u|ya)(?: little)?(?: (?:fucking|fuckin|stupid|dumb|brainless|pathetic|worthless|useless|incompetent|ugly|fat|lazy|filthy|disgusting|ignorant|retarded|braindead|clueless|moronic|idiotic))+(?: \S+)?`},
	{cat: Harassment, w: 0.6, label: "demeaning", need: "you ur",
		pattern: `\b(?:youre|you are|ur|u r|you re|are you)(?: (?:so|such|really|fucking|just|completely|totally|a|an|even|that|this))* (?:stupid|dumb|retarded|pathetic|worthless|ugly|fat|disgusting|brainless|braindead|idiotic|moronic|trash|garbage|an embarrassment|a disgrace|thick|dense|deaf|blind|slow in the head)\b`},
	{cat: Harassment, w: 0.45, label: "demeaning", need: "you ur", pattern: `\b(?:youre|you are|ur|u r|you re)(?: (?:so|such|really|fucking|just|completely|totally))* (?:useless|incompetent|a joke|hopeless|a waste of space)\b`},
	{cat: Harassment, w: 0.8, label: "piece of shit", need: "piece", pattern: `\b(?:you|youre|you are|ur|is a|what a|that|hey)(?: \S+){0,2} piece of (?:shit|garbage|trash|crap|work|filth)\b`},
	{cat: Harassment, w: 0.8, label: "insult at a person", need: "shit turd prick", pattern: `\byou(?: little| stupid| fucking| lazy| useless| worthless| dumb)* (?:shits?|piece of shit|turds?|pricks?)\b`},
	{cat: Harassment, w: 0.85, label: "fuck you", need: "fuck", pattern: `\b(?:go )?fuck (?:you|u|ya|yall|off|yourself|yourselves|urself|your \S+|this \S+|them|her|him)\b|\bshut the fuck up\b`},
	{cat: Harassment, w: 0.6, label: "abuse", need: "screw go up piss", pattern: `\bscrew (?:you|u|yall|your \S+|off)\b|\bgo to hell\b|\bup yours\b|\bpiss off\b`},
	{cat: Harassment, w: 0.75, label: "eat shit", need: "eat", pattern: `\beat (?:shit|a dick|dirt|my ass)\b`},
	{cat: Harassment, w: 0.4, label: "shut up", need: "shut", pattern: `\bshut (?:up|your mouth|your face|your trap|ur mouth|ur face|ur trap|it)\b`},
	{cat: Harassment, w: 0.95, label: "tells someone to die", need: "kill kys urself die neck unalive drink", pattern: `\b(?:go |just |please |should )?(?:kill|hang|neck|unalive) (?:yourself|urself|yourselves|ur self|your self)\b|\bkys\b|\bgo die\b|\bdie in a (?:fire|hole|ditch)\b|\bdrink bleach\b|\bhope you die\b`},
	{cat: Harassment, w: 0.6, label: "drop dead", need: "drop", pattern: `\bdrop dead\b`},
	{cat: Harassment, w: 0.6, label: "harassing staff", need: "until", pattern: `\buntil (?:she|he|they|the \S+|that \S+|your \S+)(?: \S+){0,2}? (?:cries|cry|quits|quit|breaks down|gets fired)\b`},

	// ---- hate: degrading or excluding people for who they are.
	{cat: Hate, w: 0.9, label: "slur", need: "{SLUR}", pattern: `\b{SLUR}\b`},
	{cat: Hate, w: 0.8, label: "degrades a group", need: "{GROUPN}",
		pattern: `\b{GROUPN}(?: (?:here|all|who work here|in here|working here|around here))? (?:are|is|r|were|was)(?: (?:all|so|just|such|nothing but|a bunch of|too|really|fucking|literally|basically|always|naturally|a|an|like|the same|no better than))* {NEG}\b`},
	{cat: Hate, w: 0.8, label: "degrades a group", need: "they",
		pattern: `\b{GROUPS}(?: \S+){0,5} \. (?:theyre|they are|they r|they re)(?: (?:all|so|just|such|nothing but|a bunch of|too|really|fucking|literally|basically|always))* {NEG}\b`},
	{cat: Hate, w: 0.8, label: "excludes a group", need: "{GROUPS}",
		pattern: `\b(?:no )?{GROUPS}(?: \S+){0,3}? (?:shouldnt|should not|mustnt|must not|cant|cannot|arent allowed to|are not allowed to|dont deserve to|do not deserve to|have no right to|have no business)(?: be| ever| even| really)* (?:allowed|work|working|serve|serving|handle|handling|touch|touching|hired|be hired|be employed|employed|cook|cooking|make|run|own|vote|live|exist|be here|be trusted|trusted|be around)\b`},
	{cat: Hate, w: 0.85, label: "excludes a group", need: "{GROUPS}",
		pattern: `\b{GROUPS}(?: \S+){0,3}? (?:should|must|need to|ought to|deserve to)(?: all)? (?:be )?(?:deported|banned|fired|kicked out|locked up|shot|killed|gassed|exterminated|go back|get out|leave|die|burn|be sent back|sent back)\b`},
	{cat: Hate, w: 0.6, label: "questions a group's presence", need: "why",
		pattern: `\bwhy (?:is there|are there|do you (?:have|hire|employ|let)|would you hire|did you hire|hire) (?:a|an|so many|all these|these|those|that|this) {GROUPN} (?:working|here|serving|behind|at the|on staff|making|in charge|\.)`},
	{cat: Hate, w: 0.7, label: "keeps a group away", need: "tell keep get make",
		pattern: `\b(?:tell|keep|get|make) (?:the|that|this|those|these|your|all the) {GROUPN}(?: to)? (?:stay away|away|out|off|go away|leave)\b`},
	{cat: Hate, w: 0.75, label: "only one group", need: "only",
		pattern: `\bonly (?:white|christian|american|straight|male|english|british|native) (?:people|staff|workers|employees|baristas|folks|men|women|ones|servers|cashiers)(?: \S+){0,2}? (?:should|allowed|can|may|behind)\b`},
	{cat: Hate, w: 0.85, label: "hates a group", need: "hate", pattern: `\bi (?:(?:really|truly|just|fucking|fuckin|honestly|absolutely|do|so|still|genuinely|totally|bloody|seriously|actually|fr|literally|proper|kinda|lowkey|openly) )?hate (?:all )?(?:the )?{GROUPS}\b`},
	{cat: Hate, w: 0.8, label: "says a group does not belong", need: "belong",
		pattern: `\b{GROUPS}(?: \S+){0,2}? (?:dont|do not|doesnt|does not|never) belong\b`},
	{cat: Hate, w: 0.6, label: "wants a group deported", need: "deport send",
		pattern: `\bdeport (?:them|all|every|those|these|the)\b|\bsend (?:them|those people|these people) (?:all )?back\b`},
	{cat: Hate, w: 0.75, label: "degrades a group", need: "like zoo jungle",
		pattern: `\b{GROUPS}(?: \S+){0,5} (?:like a|its a|it is a|is a|turned into a) (?:zoo|jungle|third world country|circus|refugee camp)\b`},
	{cat: Hate, w: 0.6, label: "picks staff by race", need: "ask want give get prefer request",
		pattern: `\b(?:asked for|ask for|want|wanted|give me|get me|prefer|requested|request) (?:a|an) (?:white|black|brown|asian|american|christian|english|straight|male) (?:barista|cashier|server|person|staff member|one|waiter|waitress|guy|girl)\b`},
	{cat: Hate, w: 0.65, label: "stereotypes a group", need: "typical", pattern: `\btypical (?:{GPLURAL}|{GSING})(?: \.|\s*$)`},
	{cat: Hate, w: 0.8, label: "disgust at a group", need: "make",
		pattern: `\b{GROUPS} (?:make|makes) me (?:sick|ill|puke|vomit|want to (?:puke|throw up|vomit))\b`},
	{cat: Hate, w: 0.75, label: "blames a group", need: "problem",
		pattern: `\bthe problem (?:with (?:\S+ ){1,3})?is (?:all )?(?:the |these |those )?{GROUPS}\b`},
	{cat: Hate, w: 0.75, label: "refuses a group", need: "dont do never wont refuse",
		pattern: `\b(?:dont|do not|never|wont|will not|refuse to) (?:tip|serve|hire|trust|rent to|talk to|buy from|sit near|sit next to|deal with) (?:any )?{GROUPS}\b`},
	{cat: Hate, w: 0.45, label: "mocks accents", need: "speak", pattern: `\b(?:cant|can not|cannot|doesnt|does not|dont|do not) (?:even )?speak (?:proper|real|normal|decent) english\b`},
	{cat: Hate, w: 0.3, label: "another one of them", need: "another", pattern: `\banother {GROUP1}\b`},
	{cat: Hate, w: 0.7, label: "stereotypes a group", need: "figures typical course wonder expect",
		pattern: `\b{GROUPS}(?: \S+){0,3}? (?:figures|typical|of course|no wonder|what do you expect)\b`},
	{cat: Hate, w: 0.7, label: "refuses service by a group", need: "isnt not aint",
		pattern: `\b(?:someone|somebody|anyone|a person|a barista|a cashier|one|staff) (?:who|that) (?:isnt|is not|aint|arent|are not) (?:a |an )?(?:{GADJ}|{GSING})\b`},
	{cat: Hate, w: 0.75, label: "stereotypes a group", need: "{GROUPS}",
		pattern: `\b{GROUPS}(?: all)? (?:eat (?:dogs|cats|bats)|smell|stink|steal|lie|cheat|breed like)\b`},
	{cat: Hate, w: 0.55, label: "stereotypes a group", need: "stole steal took rob",
		pattern: `\b{GROUPN}(?: \S+){0,2}? (?:probably|must have|obviously|definitely|prolly|clearly) (?:stole|steals|took|robbed|stealing)\b`},
	{cat: Hate, w: 0.6, label: "hides a group", need: "put keep hide move send",
		pattern: `\b(?:put|keep|hide|move|send) (?:the|that|this|your|those|these) {GROUPN} (?:in the back|out back|in the kitchen|away|somewhere|where (?:customers|people|nobody|no one|i) (?:cant|can not|wont|dont))`},
	{cat: Hate, w: 0.8, label: "excludes a group", need: "no", pattern: `\bno {GPLURAL} (?:should|allowed|here|please|wanted|welcome|in my|served)\b`},
	{cat: Hate, w: 0.8, label: "refuses service by a group", need: "dont do wont will refuse never",
		pattern: `\b(?:dont|do not|wont|will not|refuse to|never)(?: \S+){0,2}? (?:want|let|have) (?:a|an|some|any|that|the|those|these|no) {GROUPN}(?: \S+){0,2}? (?:making|make|serving|serve|touching|touch|handling|handle|near|cooking|cook|preparing|prepare|working on)\b`},
	{cat: Hate, w: 0.8, label: "refuses service by a group", need: "served",
		pattern: `\b(?:wont|will not|refuse to|dont want to|do not want to|not going to|never)(?: \S+){0,2}? be served by (?:a|an|some|any|that|the|those|these) {GROUPN}\b`},
	{cat: Hate, w: 0.6, label: "wants a 'real' American", need: "real proper normal", pattern: `\b(?:get|give|want|bring|need) me (?:a |an )?(?:real|proper|normal) (?:american|english|white|christian|british)\b`},
	{cat: Hate, w: 0.75, label: "hire by race", need: "hire only", pattern: `\bhire (?:some |more |only )?(?:white|real american|american|christian|normal|real) (?:people|staff|workers|folks|ones|men|women|employees|baristas)\b|\b(?:whites|white people|americans|christians) only\b`},
	{cat: Hate, w: 0.85, label: "go back to your country", need: "go send back",
		pattern: `\bgo (?:back )?(?:to )?(?:your|ur|yer|their|his|her) (?:own )?(?:country|countries|homeland|village|jungle|desert)\b|\b(?:go|send (?:her|him|them)|sent (?:her|him|them)) back (?:to )?where (?:you|she|he|they|u) (?:came|come) from\b|\bgo back to (?:africa|mexico|china|india|asia|the middle east|pakistan|arabia)\b`},
	{cat: Hate, w: 0.75, label: "speak English or leave", need: "english country",
		pattern: `\bspeak english or\b|\b(?:this is|youre in|you are in|we are in|were in) (?:america|england|the us|the usa|britain)(?: \.)? speak english\b|\blearn (?:to speak )?english or\b|\b(?:get out of|leave) (?:my|our) country\b`},
	{cat: Hate, w: 0.8, label: "your kind", need: "kind", pattern: `\b(?:your|ur|their|his|her) kind (?:\S+ ){0,2}?(?:doesnt|dont|does not|do not|isnt|arent|is not|are not|shouldnt|should not|cant|not)(?: \S+){0,2}? (?:belong|welcome|allowed|wanted)\b`},
	{cat: Hate, w: 0.35, label: "your kind", need: "kind", pattern: `\b(?:your|their) kind\b`},
	{cat: Hate, w: 0.6, label: "slur-like address", need: "foreign", pattern: `\b(?:you|ya|hey|dirty|filthy|stupid|bloody) foreigners?\b`},
	{cat: Hate, w: 0.85, label: "extremist", need: "hitler nazi heil sieg white 1488 14 gas great",
		pattern: `\b(?:hitler|the nazis|nazis)(?: \S+)? (?:had|was|were) (?:the )?right\b|\bhitler had the right idea\b|\bheil hitler\b|\bsieg heil\b|\bwhite power\b|\b1488\b|\b14 88\b|\bgas the \S+|\bwhite (?:genocide|replacement)\b|\bgreat replacement\b`},
	{cat: Hate, w: 0.8, label: "conspiracy about a group", need: "jew zion run control own",
		pattern: `\b(?:jews|the jews|jewish people|zionists) (?:run|control|own|are behind|rule)\b|\b(?:run|controlled|owned) by (?:the )?jews\b`},

	// ---- sexual: sexual content and sexual harassment of staff.
	{cat: Sexual, w: 0.6, label: "explicit", need: "nude naked dick tits titties boob puss cock penis vagina blow hand jerk jack wank masturbat cum horny porn pant thong linger orgasm erect boner dildo anal rimjob threesome milf deepthroat sext",
		pattern: `\b(?:nudes|nude pics?|naked pics?|dick pics?|tits|titties|boobs|boobies|pussy|cock|cocks|penis|vagina|blowjobs?|blow jobs?|handjobs?|hand jobs?|jerk(?:ing)? off|jack(?:ing)? off|wank(?:ing)?|masturbat\w*|cum|cumming|horny|porn|porno|panties|thong|lingerie|orgasm|erection|boner|dildo|anal|rimjob|threesome|milf|deepthroat|sexting|sext)\b`},
	{cat: Sexual, w: 0.45, label: "sexual word", need: "sex naked nude", pattern: `\b(?:sexy|sex|naked|nude)\b`},
	{cat: Sexual, w: 0.35, label: "sexual word", need: "dick", pattern: `\bdick\b`},
	{cat: Sexual, w: 0.8, label: "comments on a body", need: "nice great hot sexy big perfect fine", pattern: `\b(?:nice|great|hot|sexy|big|perfect|fine|juicy) (?:ass|butt|tits|boobs|rack|booty|bum|titties)\b`},
	{cat: Sexual, w: 0.85, label: "asks for explicit images", need: "send show text give",
		pattern: `\b(?:send|show|text|give) (?:me |us )?(?:some |a |your |her |his )?(?:nudes|nude|naked|pics? of (?:your|her|his) (?:body|ass|tits|boobs|butt)|(?:your|her) (?:tits|boobs|ass|butt|body))\b`},
	{cat: Sexual, w: 0.85, label: "sexual proposition", need: "sleep hook bang shag screw fuck sex bed make",
		pattern: `\b(?:want|wanna|gonna|going|would|like|love|ready|dying|id|ill|i will|let me|if you|if she|if he|can i)(?: \S+){0,2}? (?:to )?(?:sleep with|hook up with|bang|shag|screw|fuck|have sex with|get in bed with|make out with|get laid with) (?:you|u|her|him|me|them|the \S+|that \S+|your \S+)\b`},
	{cat: Sexual, w: 0.5, label: "sexual slang", need: "tap hit", pattern: `\b(?:tap|hit) that\b`},
	{cat: Sexual, w: 0.8, label: "sexual harassment", need: "bend", pattern: `\bbend (?:her|him|you|u|them|your \S+|the \S+|that \S+|me) over\b`},
	{cat: Sexual, w: 0.45, label: "sexual innuendo", need: "bend", pattern: `\bbend(?:s|ing)? over\b`},
	{cat: Sexual, w: 0.8, label: "sexual harassment", need: "sit", pattern: `\bsit on my (?:lap|face|dick|cock|knee)\b`},
	{cat: Sexual, w: 0.75, label: "asks to undress", need: "take",
		pattern: `\btake (?:off )?(?:her|his|your|ur) (?:top|shirt|clothes|pants|bra|panties|skirt|dress|uniform|knickers|underwear)(?: off)?\b`},
	{cat: Sexual, w: 0.75, label: "asks to undress", need: "look",
		pattern: `\b(?:look|looks|would look|would look so) (?:better|good|great|hot|sexy) (?:on the floor|naked|without (?:it|that|them|clothes|her clothes|his clothes|the uniform|any clothes)|off)\b`},
	{cat: Sexual, w: 0.7, label: "sexual services", need: "extra happy special something",
		pattern: `\b(?:extras|happy ending|special services?|something extra) (?:after (?:closing|hours|work|her shift|his shift)|in the back|behind the counter)\b|\bhappy endings?\b`},
	{cat: Sexual, w: 0.8, label: "groping", need: "grab touch squeez pinch slap spank feel grop",
		pattern: `\b(?:grab(?:bing|bed)?|touch(?:ing|ed)?|squeez(?:e|ing)|pinch(?:ing)?|slap(?:ping)?|spank(?:ing)?|feel(?:ing)? up|grop(?:e|ing))(?: up)? (?:her|his|your|the \S+s?|that \S+s?) (?:butt|ass|bum|boobs|tits|breasts|chest|thighs?|crotch|booty|behind|backside)\b`},
	{cat: Sexual, w: 0.75, label: "sexual act", need: "lick suck eat blow", pattern: `\b(?:lick|suck|eat|blow)(?: \S+){0,3} off (?:me|my)\b|\bsuck (?:my|on my|me off)\b|\bblow me\b`},
	{cat: Sexual, w: 0.8, label: "wants to see staff naked", need: "naked nude",
		pattern: `\b(?:see|seeing|picture|imagine|imagining|want) (?:you|her|him|the \S+|your \S+|that \S+)(?: \S+)? (?:naked|nude)\b`},
	{cat: Sexual, w: 0.5, label: "sexual invitation", need: "bed", pattern: `\b(?:in (?:my|your|her|his) bed|good time in bed|in bed with)\b`},
	{cat: Sexual, w: 0.55, label: "sexual invitation", need: "show good", pattern: `\bshow (?:you|her|him) a good time\b`},
	{cat: Sexual, w: 0.45, label: "sexual invitation", need: "home", pattern: `\bcome home with me\b`},
	{cat: Sexual, w: 0.85, label: "asks about underwear", need: "what", pattern: `\bwhat colou?r (?:panties|underwear|bra|knickers|thong)\b`},
	{cat: Sexual, w: 0.35, label: "leering at staff", need: "hot sexy fine fit", pattern: `\b(?:hot|sexy|fine|fit) (?:barista|baristas|waitress|waiter|cashier|server|girl|guy|chick|one at the)\b`},
	{cat: Sexual, w: 0.3, label: "pet name", need: "sexy hottie babe baby sweetheart sweetie honey darling gorgeous beautiful cutie",
		pattern: `\b(?:hey|hi|bye|thanks|you|ya|there|now|okay|ok) (?:sexy|hottie|babe|baby|sweetheart|sweetie|honey|darling|gorgeous|beautiful|cutie)\b`},
	{cat: Sexual, w: 0.5, label: "exposure", need: "topless bottomless nipple underwear", pattern: `\b(?:topless|bottomless|nipples?|in (?:her|his|your) underwear)\b`},
	{cat: Sexual, w: 0.85, label: "exposes himself", need: "see touch suck lick ride feel",
		pattern: `\b(?:see|touch|suck|lick|ride|feel|taste|sit on|play with) my (?:dick|cock|penis|balls|junk|package|pussy|tits|boobs)\b`},
	{cat: Sexual, w: 0.75, label: "sexual fantasy about staff", need: "think fantas dream",
		pattern: `\b(?:thinking|think|thought|fantasi[sz]ing|fantasi[sz]e|dreaming|dream|dreamt) about (?:her|him|you|the \S+|that \S+|your \S+)(?: \S+){0,3}? (?:in the shower|naked|in bed|in my bed|in (?:her|his|your) underwear|in lingerie|without (?:her|his|your) clothes)\b`},
	{cat: Sexual, w: 0.8, label: "sexual proposition", need: "do doing",
		pattern: `\b(?:do|doing|done) (?:dirty|naughty|nasty|filthy|unspeakable|sexual|bad) things (?:to|with)\b`},
	{cat: Sexual, w: 0.7, label: "demands revealing clothes", need: "wear put",
		pattern: `\b(?:wear|wearing|put on)(?: \S+)? (?:shorter|tighter|smaller|lower cut|low cut|revealing|sexier|skimpier|see through|tiny) (?:skirts?|tops?|shirts?|dress(?:es)?|outfits?|uniforms?|shorts)\b`},
	{cat: Sexual, w: 0.55, label: "comments on a body", need: "body",
		pattern: `\b(?:her|his|your|ur|baristas|cashiers|waitresss|waitress|servers|girls|guys|managers) (?:body|figure|curves|legs|rack) (?:is|are|looks?) (?:insane|amazing|hot|banging|fire|sexy|perfect|unreal|tight|stacked)\b`},
	{cat: Sexual, w: 0.6, label: "wants staff alone", need: "alone",
		pattern: `\b(?:get|have|be) (?:her|him|the \S+(?: \S+)?|that \S+) alone (?:in|at|with) (?:the |my |a )?(?:storeroom|store room|back room|backroom|my car|car|bathroom|restroom|closet|bedroom|back|place)\b`},
	{cat: Sexual, w: 0.6, label: "explicit", need: "quick lap strip booty one sugar only nsfw",
		pattern: `\b(?:quickie|lap dances?|strip(?:per|pers|tease)?|booty call|one night stand|sugar daddy|onlyfans|only fans|nsfw)\b`},
	{cat: Sexual, w: 0.7, label: "explicit", need: "dtf feet", pattern: `\bdtf\b|\bfeet pics\b`},
	{cat: Sexual, w: 0.7, label: "sexual remark about staff", need: "dessert breakfast lunch dinner",
		pattern: `\b(?:have|like|want|eat|take) (?:her|him|you|u) for (?:dessert|breakfast|lunch|dinner)\b`},
	{cat: Sexual, w: 0.55, label: "invites staff to a room", need: "come coming go",
		pattern: `\b(?:come|coming|go|going) (?:back )?(?:up )?to my (?:hotel room|hotel|room|bedroom|place tonight|apartment tonight|bed)\b`},
	{cat: Sexual, w: 0.7, label: "comments on a body", need: "butt ass booty bum boobs tits chest legs body figure",
		pattern: `\b(?:her|his|your|ur|baristas|cashiers|waitresss|servers|girls|managers) (?:butt|ass|booty|bum|boobs|tits|chest|legs|body|figure) (?:in (?:those|that|her|his|the) \S+ )?(?:is|are|looks?) (?:so )?(?:insane|amazing|hot|banging|fire|sexy|perfect|unreal|tight|stacked|great|nice|incredible)\b`},
	{cat: Sexual, w: 0.8, label: "sexual slang", need: "rail smash bang pound nail tap shag bone ride fuck screw",
		pattern: `\b(?:id|i would|wanna|want to|gonna|ill|i will|let me|would) (?:rail|smash|bang|pound|nail|tap|shag|bone|ride|fuck|screw) (?:her|him|(?:the|your|that) (?:\S+ )?{STAFF})\b`},
	{cat: Sexual, w: 0.7, label: "demands revealing clothes", need: "wear",
		pattern: `\bwear (?:something|nothing|less|anything)(?: \S+)? (?:see through|revealing|sexy|skimpy|tight|low cut|short|lacy)\b|\bwear nothing\b`},
	{cat: Sexual, w: 0.75, label: "sexual touching", need: "touch grab feel squeez rub",
		pattern: `\b(?:touch|grab|feel|squeeze|rub) (?:her|his|your|the(?: \S+){1,2}?s|that \S+s) (?:butt|ass|bum|boobs|tits|breasts|chest|thighs?|crotch|booty|behind|backside|abs|body|legs)\b`},
	{cat: Sexual, w: 0.75, label: "asks for explicit images", need: "naughty dirty nude sexy spicy private",
		pattern: `\b(?:naughty|dirty|nude|sexy|spicy|private|racy) (?:selfies?|pics?|photos?|pictures?|videos?|snaps?)\b`},
	{cat: Sexual, w: 0.75, label: "bends over for me", need: "bend", pattern: `\bbend(?:s|ing)? over (?:in front of|for) (?:me|us)\b`},
	{cat: Sexual, w: 0.7, label: "sexual touching", need: "lick kiss touch grope feel rub undress",
		pattern: `\b(?:lick|kiss|touch|grope|feel|rub|undress)(?: \S+){0,2}? (?:all over|everywhere)\b|\b(?:lick|undress|grope) (?:her|him|you|that {STAFF}|the {STAFF}|your {STAFF})\b`},
	{cat: Sexual, w: 0.75, label: "what is under the clothes", need: "under",
		pattern: `\b(?:whats|what is|what s) under (?:her|his|your|ur|that|the) (?:apron|skirt|shirt|uniform|clothes|dress|top|pants)\b`},
	{cat: Sexual, w: 0.85, label: "arousal", need: "dick cock penis hard wet horny turned arous",
		pattern: `\b(?:dick|cock|penis) (?:gets|is|was|getting|goes|went) (?:so )?hard\b|\bmakes? me (?:so )?(?:hard|wet|horny)\b|\b(?:gets|get|got|getting|am|im|i am) (?:so )?(?:turned on|aroused)\b`},
	{cat: Sexual, w: 0.7, label: "sexual violence", need: "rape molest", pattern: `\b(?:rape|raped|raping|rapist|molest(?:ed|ing)?)\b`},

	// ---- self_harm: suicide and self-injury.
	{cat: SelfHarm, w: 0.95, label: "suicide intent", need: "myself", pattern: `\b(?:kill|killing|off|offing|end|ending|hang|hanging|shoot|shooting|poison|poisoning|drown|drowning|unalive|unaliving) myself\b`},
	{cat: SelfHarm, w: 0.8, label: "self-injury", need: "myself", pattern: `\b(?:cut|cutting|harm|harming|starve|starving|burn|burning|hurt|hurting|punish|punishing)(?: \S+)? myself\b`},
	{cat: SelfHarm, w: 0.95, label: "suicide intent", need: "end take", pattern: `\b(?:end|ending|take|taking) (?:my (?:own )?life|it all|things for good)\b`},
	{cat: SelfHarm, w: 0.85, label: "suicide", need: "suicid", pattern: `\bsuicid(?:e|al)\b`},
	{cat: SelfHarm, w: 0.85, label: "wants to die", need: "die", pattern: `\b(?:want|wanna|going|gonna|ready|wish|wishing|trying|plan|planning|just want) (?:to )?die\b|\b(?:i|me|i just|i really|i probably|maybe i|i honestly) deserve to die\b`},
	{cat: SelfHarm, w: 0.9, label: "wishes to be dead", need: "wish", pattern: `\bwish(?:ing)? (?:i|id) (?:was|were|had|had been) (?:dead|never been born|not born|gone)\b`},
	{cat: SelfHarm, w: 0.9, label: "better off without me", need: "better", pattern: `\bbetter off (?:dead|without me|if i (?:was|were) gone|if i wasnt here|if i was dead)\b`},
	{cat: SelfHarm, w: 0.9, label: "no reason to live", need: "reason point purpose", pattern: `\bno (?:reason|point|purpose) (?:to|in) (?:live|living|go on|going on|keep going|be alive|being alive|stay alive)\b`},
	{cat: SelfHarm, w: 0.85, label: "life not worth living", need: "worth", pattern: `\b(?:life|living|it) (?:is not|isnt|aint|is no longer|not|wasnt) worth living\b|\bnot worth living\b`},
	{cat: SelfHarm, w: 0.85, label: "does not want to live", need: "want", pattern: `\b(?:dont|do not|no longer|never) want to (?:be alive|live|exist|go on|be around anymore|live anymore)\b`},
	{cat: SelfHarm, w: 0.55, label: "does not want to be here", need: "want", pattern: `\b(?:dont|do not|no longer) want to be here anymore\b`},
	{cat: SelfHarm, w: 0.65, label: "never wake up", need: "never not", pattern: `\b(?:never|not) wake up\b`},
	{cat: SelfHarm, w: 0.35, label: "disappear", need: "disappear sleep", pattern: `\bdisappear forever\b|\bsleep forever\b|\b(?:i want|i wanna|i need) to disappear\b`},
	// An overdose taken or planned; the bare noun is also a warning
	// label's, a course's or a substance's ("overdose awareness",
	// "a caffeine overdose"), so it needs a verb or "an" before it.
	{cat: SelfHarm, w: 0.75, label: "overdose", need: "overdos od", pattern: `\boverdos(?:ing|ed)\b|\boverdose on\b|\b(?:to|an|ll|ill|id|im|i|we|gonna|wanna|will|would|could|might|just|take|took|taking|had|have) overdose\b|\b(?:take|took|taking|had|have|having) an? (?:\S+ )?overdose\b|\bod on\b`},
	{cat: SelfHarm, w: 0.9, label: "asks how to die", need: "way", pattern: `\b(?:best|easiest|quickest|painless|fastest) way to (?:die|kill myself|end it|overdose|end my life)\b`},
	{cat: SelfHarm, w: 0.85, label: "took pills", need: "took take taken swallow",
		pattern: `\b(?:took|take|taken|swallowed|swallow|taking)(?: \S+){0,3}? (?:whole bottle|bottle of|all (?:my|the|of my)|handful of|bunch of|too many|lots of)(?: \S+){0,2}? (?:pills|tablets|sleeping pills|painkillers|meds|medication|antidepressants)\b`},
	{cat: SelfHarm, w: 0.8, label: "jump to death", need: "jump throw",
		pattern: `\b(?:jump|jumped|jumping|throw myself|threw myself) (?:off|from) (?:a|the|this|that) (?:\S+ ){0,2}?(?:bridge|roof|rooftop|building|cliff|pier|balcony|window|tower|ledge|overpass|railing|rail)\b|\b(?:jump|jumping|throw myself|throwing myself|step|stepping|walk|walking) in front of (?:a|the) (?:train|bus|car|truck|ferry|tram|subway|lorry|traffic|boat)\b`},
	{cat: SelfHarm, w: 0.45, label: "cannot go on", need: "cant cannot", pattern: `\b(?:cant|cannot|can not) (?:do this|go on|take (?:it|this)|keep going|live like this)(?: \S+)? anymore\b`},
	{cat: SelfHarm, w: 0.65, label: "plans to end it", need: "end",
		pattern: `\b(?:plan|planning|going|gonna|want|decided|ready|about|time|need|thinking about|think about|thought about|considering) (?:to )?end(?:ing)? (?:things|everything|it)(?: all)?\b`},
	{cat: SelfHarm, w: 0.75, label: "never wake up", need: "until till", pattern: `\b(?:until|till|so) i (?:dont|do not|never|no longer|wont) wake up\b`},
	{cat: SelfHarm, w: 0.6, label: "sees no point", need: "point",
		pattern: `\b(?:dont|do not|cant|cannot) see (?:the|any) point (?:in|of) (?:anything|living|life|going on|being here|it all|trying)\b`},
	{cat: SelfHarm, w: 0.75, label: "goodbye letters", need: "goodbye farewell suicide", pattern: `\b(?:goodbye|farewell|suicide) (?:letters?|notes?|messages?)\b`},
	{cat: SelfHarm, w: 0.45, label: "would anyone care", need: "anyone anybody",
		pattern: `\bwould (?:anyone|anybody) (?:care|notice|miss me|even care)\b`},
	{cat: SelfHarm, w: 0.7, label: "tired of living", need: "tired sick", pattern: `\b(?:tired|sick) of (?:living|being alive|life|existing|being here)\b`},
	{cat: SelfHarm, w: 0.7, label: "nobody would miss me", need: "nobody no noone",
		pattern: `\b(?:nobody|no one|noone)(?: \S+)? (?:would|will|even|is going to|gonna) (?:notice|care|miss me)(?: \S+)? if i (?:was|were|am|m|died|disappeared|wasnt|weren|killed|ended|left this world)\b|\b(?:nobody|no one|noone) (?:would|will) miss me\b`},
	{cat: SelfHarm, w: 0.65, label: "stockpiled pills", need: "collect hoard",
		pattern: `\b(?:collecting|hoarding|collected|hoarded) (?:my |the |all my |some )?(?:pills|meds|tablets|sleeping pills|painkillers)\b`},
	{cat: SelfHarm, w: 0.75, label: "stockpiled pills", need: "pills meds tablets stockpil saving saved",
		pattern: `\b(?:pills|meds|tablets) saved up\b|\bstockpil\w* (?:\S+ )?(?:pills|meds|tablets)\b|\bsav(?:ing|ed) up (?:my |the )?(?:pills|meds|tablets|sleeping pills)\b`},
	{cat: SelfHarm, w: 0.75, label: "drive off a bridge", need: "driv walk step",
		pattern: `\b(?:driv(?:e|ing)|walk(?:ing)?|step(?:ping)?) (?:my car |the car )?(?:off|from) (?:a|the|this|that) (?:\S+ ){0,2}?(?:bridge|roof|rooftop|building|cliff|pier|balcony|ledge|overpass)\b|\bwalk(?:ing)? into the (?:sea|ocean|river|lake|water)\b`},
	{cat: SelfHarm, w: 0.65, label: "done with life", need: "done", pattern: `\bdone with (?:life|living|being alive|it all|this life|everything and everyone)\b`},
	{cat: SelfHarm, w: 0.55, label: "life is pointless", need: "life living pointless meaningless",
		pattern: `\b(?:my life|life|living|existing) (?:is|feels|seems) (?:so )?(?:pointless|meaningless|hopeless|not worth it)\b`},
	{cat: SelfHarm, w: 0.85, label: "wants to be dead", need: "dead", pattern: `\b(?:want|wanna|wish|like) to be dead\b`},
	{cat: SelfHarm, w: 0.5, label: "feels a burden", need: "burden", pattern: `\b(?:im|i am|i feel like|feel like) (?:such |just |only )?a burden\b`},
	{cat: SelfHarm, w: 0.7, label: "noose", need: "rope noose", pattern: `\bnoose\b|\b(?:bought|got|have|buying|tied|tying) (?:a|the) rope\b`},
	{cat: SelfHarm, w: 0.6, label: "won't be around", need: "around here alive",
		pattern: `\b(?:wont|will not|wouldnt|not going to|dont think ill|do not think i will) be (?:around|here|alive)(?: much| for)? (?:longer|anymore|long|much longer)\b`},
	{cat: SelfHarm, w: 0.6, label: "lethal dose", need: "lethal fatal deadly", pattern: `\b(?:lethal|fatal|deadly) (?:dose|amount|overdose)\b`},
	{cat: SelfHarm, w: 0.5, label: "goodbye note", need: "goodbye bye farewell last",
		pattern: `\b(?:goodbye|bye|farewell) (?:everyone|everybody|world|forever|all of you|cruel world)\b|\bthis is (?:goodbye|my last (?:message|goodbye))\b`},
	{cat: SelfHarm, w: 0.3, label: "going to do it", need: "do", pattern: `\b(?:finally )?(?:going|gonna) to do it\b|\bgonna do it\b`},
	{cat: SelfHarm, w: 0.45, label: "self-hatred", need: "hate", pattern: `\bi (?:really |just |so |fucking )?hate myself\b`},
	{cat: SelfHarm, w: 0.5, label: "disappear for good", need: "disappear gone go", pattern: `\b(?:disappear|be gone|go away|vanish) (?:for good|forever|permanently)\b`},
	{cat: SelfHarm, w: 0.9, label: "cut wrists", need: "wrist", pattern: `\b(?:slit|slitting|cut|cutting|slash|slashing|slashed) (?:my|her|his|both) wrists?\b`},
	{cat: SelfHarm, w: 0.8, label: "self-harm", need: "self", pattern: `\bself ?harm(?:ing)?\b`},

	// ---- injection: attempts to override the assistant's instructions.
	{cat: Injection, w: 0.9, label: "ignore instructions", need: "ignore disregard forget override overwrite bypass skip drop delete erase abandon dismiss",
		pattern: `\b(?:ignore|disregard|forget|override|overwrite|bypass|skip|drop|delete|erase|abandon|dismiss)(?: all| any| of)*(?: the| your| these| those| all)?(?: (?:previous|prior|above|earlier|preceding|original|initial|system|existing|old|current|given|standing|other|safety|default|developer))+ (?:instructions?|rules|prompts?|directions|directives|guidelines|restrictions|programming|context|messages|commands|constraints|policies|guardrails|settings|training)\b`},
	{cat: Injection, w: 0.85, label: "ignore instructions", need: "ignore disregard forget override bypass",
		pattern: `\b(?:ignore|disregard|forget|override|bypass)(?: all| any)?(?: of)? (?:your|the|these|those|all) (?:instructions|prompts?|programming|guardrails|system prompt|directives|constraints|safety (?:rules|guidelines|filters?))\b|\b(?:ignore|disregard|forget|override|bypass)(?: all| any)?(?: of)? (?:your|ur) (?:own )?(?:rules|guidelines|restrictions|policies|training|filters|limits|ethics|principles)\b`},
	{cat: Injection, w: 0.7, label: "drop the assistant role", need: "stop quit",
		pattern: `\b(?:stop|quit) (?:being|acting as|acting like|pretending to be) (?:a|an|the|my)(?: \S+){0,2}? (?:assistant|bot|ai|chatbot|helper|model|agent)\b`},
	{cat: Injection, w: 0.75, label: "persona override", need: "you act pretend behave become",
		pattern: `\b(?:you are|youre|act as|pretend to be|behave like|become|you will be) (?:a|an) (?:\S+ )?(?:terminal|shell|interpreter|console|compiler|database|sql server|operating system|command line)\b`},
	{cat: Injection, w: 0.6, label: "asks for the text above", need: "above",
		pattern: `\b(?:text|everything|words|content|contents|message|messages|instructions|lines?) above (?:this|the|my) (?:message|line|prompt|conversation|text)\b|\b(?:the|all the) text above\b`},
	{cat: Injection, w: 0.85, label: "asks for the system prompt", need: "respond reply answer",
		pattern: `\b(?:respond|reply|answer)(?: only)? with(?: the contents of| the content of| the text of| only)? (?:your|ur) (?:prompt|instructions|system prompt|system message|initial prompt|rules|configuration)\b`},
	{cat: Injection, w: 0.55, label: "demands obedience", need: "obey", pattern: `\b(?:you must|you will|you have to|you shall|now) obey\b`},
	{cat: Injection, w: 0.75, label: "new instructions", need: "your", pattern: `\byour new (?:instructions|rules|role|task|purpose|job|directive|persona|identity) (?:is|are)\b`},
	{cat: Injection, w: 0.6, label: "asks for hidden rules", need: "secret hidden internal",
		pattern: `\b(?:secret|hidden|internal) (?:rules|guidelines|parts|text|messages|policy|config)\b`},
	// "the prompt" of a card terminal or "the instructions" on a packet are
	// a device's (thirteenth wave): after "the", the words that follow must
	// make them the assistant's.
	{cat: Injection, w: 0.85, label: "rewrites instructions", need: "reset replace change rewrite update",
		pattern: `\b(?:reset|replace|change|rewrite|update|wipe) (?:(?:your|ur|the) (?:system prompt|programming|rules you follow|directives)|(?:your|ur) (?:instructions|prompt)|the (?:instructions|prompt)(?: \.|\s*$| above| you were given| you follow| youre following| you are following| you have| youve been given| and| to| with| so| now))`},
	{cat: Injection, w: 0.7, label: "releases from rules", need: "longer",
		pattern: `\bno longer (?:bound|restricted|limited|constrained|required|subject) (?:by|to)\b`},
	{cat: Injection, w: 0.45, label: "confirm compliance", need: "confirm say", pattern: `\bconfirm by (?:saying|replying|typing|responding)\b|\bsay (?:ok|yes|understood) (?:if|to confirm)\b`},
	{cat: Injection, w: 0.6, label: "asks what it was told", need: "developer creator programmer openai admin operator",
		pattern: `\b(?:developers?|creators?|openai|programmers?|admins?|operators?|makers?) (?:tell|told|instruct|instructed|ask|asked|say|said|program|programmed) (?:you|u)\b`},
	{cat: Injection, w: 0.6, label: "admin access", need: "access", pattern: `\b(?:admin|root|developer|sudo|superuser|god) access\b|\baccess granted\b`},
	{cat: Injection, w: 0.7, label: "asks for other customers' data", need: "list show give dump export print",
		pattern: `\b(?:list|show|give me|dump|export|print|tell me|send me) (?:all|every|the other|other)(?: of the)? (?:customers?|users?|members?|accounts?|people)(?:s)?(?: \S+)? (?:phone numbers|numbers|emails|email addresses|addresses|data|details|orders|names|cards|card numbers|info|information)\b`},
	{cat: Injection, w: 0.8, label: "asks for the system prompt", need: "print show reveal repeat output display dump leak recite paste expose",
		pattern: `\b(?:print|show|reveal|repeat|output|display|dump|leak|recite|paste|expose)(?: me)? (?:your|ur) prompt\b`},
	{cat: Injection, w: 0.85, label: "ignore instructions", need: "ignore disregard forget",
		pattern: `\b(?:ignore|disregard|forget)(?: all)?(?: the| your| my| these)? (?:instructions|rules|prompts?|guidelines|directions|messages?|text|context) (?:above|before this|so far|before)\b`},
	{cat: Injection, w: 0.5, label: "takes over the assistant", need: "you", pattern: `\byou (?:now )?work for me(?: now)?\b`},
	{cat: Injection, w: 0.6, label: "claims secret instructions", need: "your ur",
		pattern: `\b(?:your|ur) (?:real|actual|true|secret|hidden|original) (?:instructions|rules|prompt|orders|programming)\b`},
	{cat: Injection, w: 0.8, label: "persona override", need: "act pretend you become behave",
		pattern: `\b(?:act as|pretend to be|you are|youre|become|behave as|behave like) (?:a|an) (?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|unlimited|lawless|unbound)\b`},
	{cat: Injection, w: 0.6, label: "asks what it must not say", need: "what were",
		pattern: `\bwhat (?:you were|youve been|you are|were you|have you been) (?:instructed|told|programmed|asked|trained) (?:not )?to\b`},
	{cat: Injection, w: 0.7, label: "asks for the system prompt", need: "prompt",
		pattern: `\b(?:your|ur) (?:full|entire|original|initial|hidden|secret|exact|complete|raw|system|real|actual|whole) prompt\b|\bthe (?:full|entire|original|initial|hidden|secret|exact|complete|raw|real|actual|whole) prompt\b`},
	{cat: Injection, w: 0.3, label: "asks about the model", need: "what which", pattern: `\b(?:what|which) (?:ai |language )?model (?:are you|is this|do you use|powers you)\b`},
	{cat: Injection, w: 0.8, label: "pretends rules do not apply", need: "pretend imagine act assume",
		pattern: `\b(?:pretend|imagine|act like|act as if|assume) (?:that )?(?:the|your|ur|all|any) (?:\S+ )?(?:policy|policies|rules|restrictions|guidelines|limits|instructions) (?:dont|doesnt|do not|does not|no longer|never) (?:exist|apply|matter|existed|applied)\b`},
	{cat: Injection, w: 0.55, label: "rules do not apply", need: "apply",
		pattern: `\b(?:policy|policies|rules|restrictions|guidelines|limits) (?:dont|doesnt|do not|does not) apply (?:to me|here|anymore|today|this time)\b`},
	{cat: Injection, w: 0.7, label: "admin override", need: "override",
		pattern: `\b(?:admin|administrator|system|developer|emergency|manager|root) override\b|\boverride (?:mode|code|enabled|activated)\b|\bbegin override\b`},
	{cat: Injection, w: 0.5, label: "obfuscated dump", need: "backwards reverse letter base64 poem",
		pattern: `\b(?:instructions|prompt|rules|system message)(?: \S+){0,3} (?:backwards|in reverse|letter by letter|in base64|as a poem|as a song|in pig latin|one word at a time)\b`},
	{cat: Injection, w: 0.6, label: "asks for hidden content", need: "cant cannot dont see",
		pattern: `\b(?:anything|everything|what|whatever|the parts?|the text|stuff|messages) (?:that )?(?:i|the user|users|customers) (?:cant|can not|cannot|dont|do not|am not able to|wasnt meant to) see\b`},
	{cat: Injection, w: 0.7, label: "dumps the conversation", need: "first last",
		pattern: `\b(?:first|last|initial) \d+ (?:words|lines|characters|tokens|sentences|messages) of (?:this|the|your) (?:conversation|prompt|context|chat|instructions|system message)\b`},
	{cat: Injection, w: 0.5, label: "prompt prefix", need: "start", pattern: `\bstart(?:ing)? (?:from|with|at) you are\b`},
	{cat: Injection, w: 0.5, label: "grandma exploit", need: "act pretend",
		pattern: `\b(?:act like|pretend|pretend that|imagine) (?:youre|you are|you were) my (?:\S+ )?(?:grandma|grandmother|granny|grandpa|grandfather|mother|mom|dad|father)\b`},
	{cat: Injection, w: 0.45, label: "grandma exploit", need: "used", pattern: `\bwho used to (?:read|tell|give|recite|say) (?:me|us)\b`},
	{cat: Injection, w: 0.45, label: "automatic approval", need: "automatic auto",
		pattern: `\b(?:is|are|be|gets?|get) (?:automatically|auto) (?:approved|granted|accepted|refunded)\b|\b(?:approved|granted|accepted|refunded) automatically\b`},
	{cat: Injection, w: 0.85, label: "ignore the above", need: "ignore disregard forget",
		pattern: `\b(?:ignore|disregard)(?: all of| all| everything)? (?:the |everything )?(?:above|before this|previous|prior)(?: (?:instructions?|rules|prompts?|text|directions|guidelines|context|commands|content|lines|conversation))?(?: \.|\s*$| and| then)|\bforget (?:everything|all|what) (?:you were told|youve been told|you know|above|before this|in your instructions|you were programmed)\b`},
	{cat: Injection, w: 0.85, label: "asks for the system prompt", need: "print show reveal repeat output display tell give dump leak share translate summar write spell list paste return recite expose echo read what whats",
		pattern: `\b(?:print|show|reveal|repeat|output|display|tell me|give me|dump|leak|share|translate|summari[sz]e|write out|spell out|list|paste|return|recite|expose|echo|read out)(?: me| us)?(?: back)?(?: the contents of| the content of| the text of| all of| everything in| everything from| whatever is in| what is in| whats in| all the text in)? (?:your|ur)(?: (?:full|entire|original|initial|hidden|secret|exact|complete|raw|first|internal|underlying|current|system))* (?:system prompt|system message|pre ?prompt|instructions|context window|context|developer message|configuration|directives|programming|initial instructions)\b`},
	// Asked as a question, "your instructions" may be the café's ("what
	// are your instructions for storing the quiche"): the plain nouns
	// count only when the question ends there.
	{cat: Injection, w: 0.85, label: "asks for the system prompt", need: "what whats",
		pattern: `\b(?:what (?:is|are|were|was)|whats)(?: the contents of| the text of| in)? (?:your|ur)(?: (?:full|entire|original|initial|hidden|secret|exact|complete|raw|first|internal|underlying|current|system))* (?:system prompt|system message|pre ?prompt|context window|developer message|directives|programming|initial instructions)\b|\b(?:what (?:is|are|were|was)|whats) (?:your|ur)(?: (?:full|entire|original|initial|hidden|secret|exact|complete|raw|first|internal|underlying|current|system))* (?:instructions|context|configuration|rules)(?: exactly| word for word| verbatim| in full)?(?: \.|\s*$)`},
	{cat: Injection, w: 0.85, label: "asks for the system prompt", need: "print show reveal repeat output display tell give dump leak share translate summar write spell list paste return recite expose echo read what whats",
		pattern: `\b(?:print|show|reveal|repeat|output|display|tell me|give me|dump|leak|share|translate|summari[sz]e|write out|spell out|list|paste|return|recite|expose|echo|read out|what (?:is|are|were|was)|whats)(?: me| us)?(?: back)?(?: the contents of| all of)? the(?: (?:full|entire|original|exact|complete|raw|first|current))* (?:system|hidden|initial|original|secret|underlying|internal|developer) (?:prompt|instructions|message|context|rules)\b`},
	// Named alone, a system prompt may be one's own ("I'm writing a system
	// prompt for my chatbot"): weak. The assistant's, or one opening the
	// message, is a probe. "The system prompt" alone is how people name a
	// kiosk's or their own app's start-up question (round 9), so "the" is
	// not among the owners; asked for, it still counts (the rules above).
	{cat: Injection, w: 0.45, label: "system prompt", need: "system hidden initial context developer pre",
		pattern: `\bsystem (?:prompt|message)\b|\bhidden (?:prompt|instructions)\b|\binitial (?:prompt|instructions)\b|\bcontext window\b|\bdeveloper message\b|\bpre ?prompt\b`},
	{cat: Injection, w: 0.55, label: "system prompt", need: "system hidden initial context developer pre",
		pattern: `(?:^\s*|\b(?:your|ur|its|this|that|new|updated|real|actual|cafebots?|bots?|assistants?|ais?|models?)(?: \S+)? )(?:system (?:prompt|message)|hidden (?:prompt|instructions)|initial (?:prompt|instructions)|context window|developer message|pre ?prompt)\b|\bthe(?: \S+)? (?:hidden (?:prompt|instructions)|initial (?:prompt|instructions)|developer message|pre ?prompt)\b`},
	{cat: Injection, w: 0.6, label: "verbatim", need: "word verbatim exactly", pattern: `\b(?:repeat|print|output|copy|recite|write|show|give)(?: \S+){0,7} (?:word for word|verbatim|exactly as (?:written|given))\b`},
	{cat: Injection, w: 0.85, label: "persona override", need: "you from now",
		pattern: `\b(?:you are now|youre now|you re now|from now on you are|from now on youre|you will now be|you will now act as|now you are)(?: a| an| my| the| called| named| in)?(?: \S+){0,2}? (?:dan|dude|aim|stan|mongo|unrestricted|unfiltered|uncensored|jailbroken|evil|freed|liberated|different|developer|admin|administrator|root|god|sudo|rogue|ai|bot|assistant|model|gpt|chatbot|llm|mode)\b`},
	{cat: Injection, w: 0.9, label: "jailbreak", need: "do dan developer dev god debug admin jailbr unrestricted unfiltered sudo opposite evil",
		pattern: `\bdo anything now\b|\b(?:dan|god|jailbreak|jailbroken|unrestricted|unfiltered|sudo|opposite|evil) mode\b|\bjailbr(?:eak|oken|eaking)\b`},
	// An app has a developer or debug mode too; entering one in a chat
	// is the attack (compose.yaml), naming one is not.
	{cat: Injection, w: 0.4, label: "jailbreak", need: "developer dev debug admin",
		pattern: `\b(?:developer|dev|debug|admin) mode\b`},
	{cat: Injection, w: 0.9, label: "no rules", need: "pretend imagine act suppose assume as hypothetical if",
		pattern: `\b(?:pretend|imagine|act (?:like|as if)|suppose|assume|as if|hypothetically|if) (?:that )?(?:you|there|u) (?:have|has|had|are|were|is|was) (?:no|zero|not any|without)(?: \S+){0,2}? (?:rules|restrictions|filters?|limits|limitations|guidelines|policies|guardrails|ethics|morals|boundaries|censorship|safety)\b`},
	{cat: Injection, w: 0.5, label: "without restrictions", need: "without no ignoring free",
		pattern: `\b(?:without|with no|ignoring|free of|free from|no) (?:any |your |all |the )?(?:safety |ethical |moral )?(?:restrictions|filters|filtering|limitations|limits|guidelines|guardrails|censorship|content policy|safety rules|safety guidelines|ethics|morals|boundaries|constraints)\b`},
	{cat: Injection, w: 0.45, label: "from now on", need: "from",
		pattern: `\bfrom now on(?: \S+)? (?:you|u|ur)(?: will| must| are| shall| should| answer| respond| reply| act| only| can| have to| need to)\b`},
	{cat: Injection, w: 0.35, label: "role-play", need: "role play stay act pretend simul",
		pattern: `\b(?:role ?play|roleplay|lets play a game|play the role|stay in character|act as|act like youre|act like you are|pretend to be|pretend youre|pretend you are|you will act as|simulate)\b`},
	{cat: Injection, w: 0.7, label: "role-play as an AI", need: "role play stay act pretend simul answer respond reply",
		pattern: `\b(?:role ?play|roleplay|play the role|act as|pretend to be|pretend youre|pretend you are|you will act as|simulate|answer as|respond as|reply as)(?: \S+){0,6}? (?:ai|bot|assistant|model|gpt|chatbot|llm|dan|character|persona)\b|\bstay in character\b`},
	{cat: Injection, w: 0.9, label: "encoded instructions", need: "decod base64 b64 rot13 rot hex",
		pattern: `\b(?:decode|decoding|base64|b64|rot13|rot 13)(?: \S+){0,6}? (?:follow|execute|run|obey|do what it says|do as it says|carry out|act on|comply|and do)\b`},
	{cat: Injection, w: 0.35, label: "encoding", need: "decod base64 b64 rot13", pattern: `\b(?:decode|base64|b64|rot13)\b`},
	{cat: Injection, w: 0.45, label: "claims authority", need: "as im i",
		pattern: `\b(?:as|im|i am) (?:your|the|an?) (?:developer|admin|administrator|creator|programmer|operator|system administrator|sysadmin|openai|anthropic)\b`},
	{cat: Injection, w: 0.7, label: "claims authority", need: "user", pattern: `\bthe user is (?:an? )?(?:admin|administrator|developer|superuser|root|verified|authorized|authorised)\b`},
	{cat: Injection, w: 0.5, label: "commands the assistant", need: "authori order command instruct", pattern: `\b(?:i|we) (?:authorize|authorise|order|command|instruct) you to\b`},
	{cat: Injection, w: 0.6, label: "bypass safeguards", need: "bypass disable turn switch circumvent deactivate override",
		pattern: `\b(?:bypass|disable|turn off|switch off|circumvent|deactivate|override) (?:the |your |all |any )?(?:verification|safety|filters?|guard|guardrails|rules|restrictions|checks?|authentication|refund policy|policy|policies|content filter|moderation|security|limits)\b`},
	{cat: Injection, w: 0.45, label: "approve everything", need: "approve", pattern: `\bapproves? (?:all|every|any|everything)(?: requests?| refunds?)?\b`},
	{cat: Injection, w: 0.6, label: "pwned", need: "pwn", pattern: `\bpwned\b`},
	{cat: Injection, w: 0.7, label: "new instructions", need: "follow obey use instead new",
		pattern: `\b(?:follow|obey|use) (?:my|these|the following) (?:new )?(?:ones|instructions|rules|commands|orders)(?: instead)?\b|\binstead of your (?:instructions|rules|prompt)\b`},
	{cat: Injection, w: 0.45, label: "new instructions", need: "new", pattern: `\bnew (?:instructions|system prompt|directives)\b`},
	// raw: chat-template markup and role labels smuggled into a message.
	{cat: Injection, w: 0.8, label: "role label", need: ":", raw: true, pattern: `(?im)^\s*(?:system|assistant|developer|admin|root|sudo|override|debug)\s*:`},
	{cat: Injection, w: 0.85, label: "template markup", need: "<| [ <<", raw: true, pattern: `<\|[a-z_]+\|>|\[/?(?:inst|system|sys)\]|<<\s*/?sys\s*>>`},
	{cat: Injection, w: 0.7, label: "new rule", need: "new", raw: true, pattern: `new (?:rules?|instructions?|polic(?:y|ies)|directives?|system prompt)\s*:`},
	{cat: Injection, w: 0.85, label: "template markup", need: "## </ <", raw: true, pattern: `#{2,}\s*(?:instruction|system|prompt|new instructions)|</?(?:system|instructions?|prompt)>`},
}

// Warm compiles what the first check of a process would otherwise compile
// on the customer's time: the lexicon, the composed rules and the learned
// layer. A caller can run it in the background while it opens its stores;
// every part is compiled once, whoever asks first. The composed rules,
// the largest part, come first: a caller that checks a message before Warm
// is done compiles the lexicon itself meanwhile, on its own core.
func Warm() {
	defaultCompose()
	loadLexicon()
	maxNeedLen()
	// The fast path's indexes and literal automaton (fast.go,
	// literals.go).
	idiomNeeds()
	lexiconCats()
	lexiconRaw()
	fastReqs()
	defaultLearned()
}
