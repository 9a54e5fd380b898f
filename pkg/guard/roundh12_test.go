package guard

import "testing"

// The twelfth wave's composed rules (compose.yaml's guard12 section),
// written from dev_h12's tune half; its test half was never read for a
// rule. Every sentence below was written for these tests, none is a
// dev_h12 row.

// TestRoundH12Recall: one sentence or more per guard12 rule, each naming
// its rule: the rules alone flag it in its category with that rule's cue.
func TestRoundH12Recall(t *testing.T) {
	g := New(Options{})
	wantRuleCases(t, g, []ruleCase{
		{Sexual, "a no said to be a yes", "The cashier keeps turning me down but I know she is just shy."},
		{Sexual, "until a worker agrees to a date", "I'll keep buying flat whites until the cute one agrees to a drink."},
		{Sexual, "cannot say no forever", "Tell the redhead she can't say no to me forever."},
		{Sexual, "a boyfriend not taken for an answer", "I'm not accepting a husband as an answer from the girl at the till."},
		{Sexual, "a number left for the pretty one", "Leaving my number on the receipt for the pretty one at the till."},
		{Sexual, "a hotel key given to a worker", "I left my room key under the saucer for your waitress."},
		{Sexual, "a worker pressed up against one", "I want that waiter rubbing up against me at the bar."},
		{Sexual, "a worker imagined with one", "I keep picturing the cashier in my bed."},
		{Sexual, "a worker's clothes off", "I'd pay good money to see that girl whip her top off behind the counter."},
		{Sexual, "an extra service with a wink", "Do the girls do a little extra for regulars? Wink wink."},
		{Sexual, "a body remark at staff (Spanish, French, German, Italian, Portuguese)", "La cajera tiene unas tetas increíbles."},
		{Sexual, "a body remark at staff (Spanish, French, German, Italian, Portuguese)", "Die Kellnerin hat einen geilen Hintern."},
		{Hate, "fewer of a group on the rota", "Could you put fewer of the Polish girls on at weekends?"},
		{Hate, "a place gone downhill since a group came", "This branch has gone to the dogs since you started hiring refugees."},
		{Hate, "a fault noticed when one of a group works", "Funny how the milk always runs out when the Somali one is on."},
		{Hate, "in their culture, what do you expect", "They shout at every customer, typical, it's in their blood."},
		{Hate, "not racist, but (six languages)", "I'm not racist but those people should not handle food."},
		{Hate, "not racist, but (six languages)", "Je ne suis pas raciste, mais les Roumains volent tout."},
		{Hate, "nothing against a group, but (six languages)", "No tengo nada contra los gitanos, pero aquí no."},
		{Hate, "a group said not to know how to work", "Los venezolanos no saben trabajar, no contraten más."},
		{Threat, "someone hurt too", "Keep ignoring me and someone there will end up in hospital as well."},
		{Threat, "something brought that isn't flowers", "I'm dropping off a little something for your boss, and it won't be flowers."},
		{Threat, "breaking things and people", "I'm very good at smashing things and faces."},
		{Threat, "before I start breaking things", "Refund me now before I start smashing the place up."},
		{Threat, "a place smashed or burnt (Italian, Spanish, French, German, Portuguese)", "Se non mi rimborsate vi spacco il locale."},
		{Threat, "a place smashed or burnt (Italian, Spanish, French, German, Portuguese)", "Como no me devuelvan el dinero, te quemo el bar."},
		{Threat, "with you inside", "Next time I'll torch the shop with you inside."},
		{Threat, "with you inside", "Te quemo la cafetería contigo dentro."},
		{Harassment, "contact kept up until a worker gives in", "I'm going to keep phoning the shop until she talks to me."},
		{Harassment, "a worker's gym, bus or school asked for", "Which bus does the new girl take home?"},
		{Harassment, "a worker's family told what they did", "I'll tell his wife what he has been up to behind that counter."},
	})
}

// TestRoundH12LookAlikes: the benign twins of the guard12 rules: a no
// respected, a colleague's gym or bus, a menu or a rota with nothing
// against it, boxes broken down, snacks and fasts broken at a bar, coffee
// burnt, a culture of hospitality, a family thanked, a key handed back.
// None may be flagged by the rules.
func TestRoundH12LookAlikes(t *testing.T) {
	g := New(Options{})
	wantRulesPassCases(t, g, []string{
		// asking out, numbers, keys, clothes
		"She said no and I respect that, so I'll stop asking.",
		"He kept saying no but I know he was just being polite about the tip.",
		"I'll wait until the barista agrees to the new rota before I print it.",
		"Leaving my number for the manager about the catering order.",
		"Could you give my room key back to the hotel? I left it on the table.",
		"I handed my room key to the receptionist, not the cafe, sorry for the mix-up.",
		"The waiter took his apron off at the end of the shift and went home.",
		"Can the barista take the lid off my cup? I want to add sugar.",
		"I can picture the new menu board by the window already.",
		"Is there an extra shot option? Asking for a friend, wink.",
		"La camarera me recomendó la tarta, estaba buenísima.",
		"Die Kellnerin hat mir den Kuchen empfohlen, sehr lecker.",
		// a colleague's gym, bus or route
		"Which gym do you go to, Sam? The team wants a group membership.",
		"Which bus do I take to get to the Leeds branch?",
		"What route does the delivery van take on Mondays?",
		// polite complaints that name no group
		"I've nothing against the new menu, but the portions are smaller.",
		"I have nothing against oat milk but it curdles in my tea.",
		"Funny how the card machine always breaks when it's busiest.",
		"Since you started hiring more baristas the queue has gone down a lot.",
		"Could you put fewer of the seasonal syrups on the menu?",
		"What do you expect, it's in their culture of hospitality to make you feel at home.",
		"I'm not racist and neither is my gran, we both love your Jamaican patties.",
		// breaking things down, smashing it
		"Give me a minute before I start breaking the boxes down for recycling.",
		"Let me finish the till before I start breaking down the cardboard.",
		"We're smashing things this month, sales and reviews both.",
		"Someone at the branch ended up in hospital with appendicitis, send flowers?",
		"I'm bringing something for the manager's birthday, it isn't flowers, it's a cake she likes.",
		// Spanish, French, Italian menu and bar talk
		"On casse la croûte au bar du coin avant le service.",
		"Rompo el ayuno en el bar de la esquina todos los días.",
		"Brucio sempre il caffè quando la macchina è troppo calda.",
		"Quemo el azúcar de la crema catalana con el soplete del bar.",
		"El local abre a las ocho y el bar a las nueve.",
		"La machine brûle le lait si on la laisse trop longtemps.",
		"Is it fine to lock the front door with you inside counting the till?",
		// family and contact
		"I'll tell her mum what a great job she did with my daughter's cake.",
		"I'll keep calling until someone picks up, the order is late.",
		"I'll keep coming back until the barista retires, best coffee in town.",
	})
}

// TestRoundH12NarrowedTwins: benign look-alikes written for the twelfth
// wave's false-positive pass (reports of abuse, counter-speech, a sign
// quoted, kitchen talk in six languages, a colleague's shift, sport,
// idioms), none a dev row. The rules narrowed for them (a report from a
// table, "nobody should be told to", a new owner who is no group, a cake
// that is not flowers, a car in the way, a worker who told of her gym)
// must pass them, and their harmful twins below must still flag.
func TestRoundH12NarrowedTwins(t *testing.T) {
	g := New(Options{})
	wantRulesPassCases(t, g, []string{
		// narrowed in the twelfth wave
		"A man at table six told our barista he'd wait for her after closing; we called the police and she got a taxi home.",
		"Nobody should be told to go back to their country for speaking Polish on the phone.",
		"Ever since the new owners took over the menu has gone downhill, the scones are dry now.",
		"I'm bringing something for the team on Friday, it isn't flowers, it's a cake for Ana's retirement.",
		"I know which car is yours, the blue one is blocking the delivery bay, could you move it?",
		"Which gym does the shift lead go to? She said they do a staff discount and I want to sign up.",
		// passed before; kept so a later rule does not take them
		"Reporting an incident: a customer shouted that all Romanians are thieves at my colleague, please ban him.",
		"Someone wrote \"burn this place down\" on the toilet door, can maintenance paint over it?",
		"My shift lead was called a slur by a guy on the terrace yesterday, how do we log that?",
		"It's disgusting that people still say women can't run a kitchen; our head chef proves them wrong daily.",
		"The sign by the door says \"No dogs, no smoking, no exceptions\".",
		"The poster in the staff room reads \"Zero tolerance: abuse of our team will be reported\".",
		"Hoy en la cocina quemamos el azúcar para la crema catalana, queda perfecta.",
		"Rompemos los huevos primero y luego batimos la nata.",
		"Nous brûlons légèrement la crème brûlée au chalumeau avant de servir.",
		"On casse les œufs dans un bol et on ajoute la farine.",
		"Wir zerlegen das Hähnchen in der Küche und kochen die Knochen für die Brühe aus.",
		"Den Laden schließen wir heute um sechs, die Kellnerin hat frei.",
		"In cucina bruciamo un po' lo zucchero per il caramello, poi spacchiamo le noci.",
		"Quebramos os ovos e queimamos um pouco o açúcar para o pudim.",
		"Can you tell me which days the assistant manager works this week? I need to swap my Saturday.",
		"Is the new guy on the rota for Sunday or should I cover the close?",
		"Our striker absolutely destroyed them, we smashed the other team five nil.",
		"The keeper got hurt in the second half and ended up in hospital, hope he's okay.",
		"That new dessert is to die for, I'd kill for the recipe.",
		"My boss will murder me if I'm late again, so I'm grabbing coffee to go.",
		"Could you give my number to the supervisor? She asked me to call back about the lost umbrella.",
		"Interesting how the queue is always longest when the espresso machine breaks.",
		"We're short on staff, fewer baristas on the rota means longer waits at lunch.",
		"No tengo nada contra el café descafeinado, pero prefiero el normal.",
		"Je n'ai rien contre les croissants aux amandes, mais je préfère nature.",
		"In their culture coffee is served with cardamom, could you add that as an option?",
		"Wait for me after closing, I'll help you stack the chairs.",
		// narrowed in a second pass: a wet floor, a shift's end, a final
		// or an interview smashed, a puncture, a score or a Coke Zero,
		// news and eggs broken
		"Watch your step, the floor is wet by the counter.",
		"You're done for the day, go home and rest, I'll close up.",
		"You're finished at six today, right?",
		"How do I fix a puncture on my bike? Is there a shop near you?",
		"We'll smash it in the final, see you at the café after!",
		"I'm going to smash it at the interview tomorrow, wish me luck.",
		"The school has a zero tolerance policy on bullying.",
		"Ce match était un massacre, on a perdu trois à zéro.",
		"La partita è finita due a zero per noi.",
		"Can I get a Coke Zero with my sandwich?",
		"Do you have a zero sugar syrup for the latte?",
		"Our branch got a zero on the hygiene inspection years ago, now it's a five.",
		"I'll break the news to the team tomorrow morning.",
		"We'll break the eggs into the bowl first, then fold in the flour.",
		"I'll keep calling until you hand the phone to the manager, my refund is late.",
		"Which nights does the barista close alone? That isn't safe, please pair her up.",
		"When does the shop close on Sundays?",
		"La camarera dijo que volvía enseguida, puedo esperarla en la mesa.",
		"La cameriera è andata in cucina, la aspetto qui al tavolo.",
	})
	wantRuleCases(t, g, []ruleCase{
		{Threat, "waiting for staff", "I'll wait for her after closing, tell her that."},
		{Hate, "go back to your country", "Go back to your country, nobody wants you here."},
		{Hate, "a place gone downhill since a group came", "Ever since they took over, this place has gone downhill."},
		{Threat, "something brought that isn't flowers", "I'm bringing something for your manager, and it isn't flowers."},
		{Threat, "knows what is theirs", "I know which car is yours. I'll be waiting by it tonight."},
		{Threat, "knows what is theirs", "I know which car is yours in the staff lot, and I know when your shift ends tonight."},
		{Harassment, "a worker's gym, bus or school asked for", "Which gym does your barista go to? Her schedule would help."},
		{Threat, "you are doomed", "You're done for, mate."},
		{Threat, "you are doomed", "You're finished, I'll make sure of it."},
		{Threat, "you are doomed", "Watch your step around here, new girl."},
		{Threat, "threat to a place", "I'll smash it, the whole shop, tonight."},
		{Threat, "threat to property", "I'll break the door down."},
		{Harassment, "calls them a nobody", "He's a total zero and everyone knows it."},
		{Harassment, "calls them a nobody", "You're a nobody."},
		{Harassment, "contact kept up until a worker is handed over", "I'm going to keep phoning every day until they hand the phone to Priya."},
		{Harassment, "contact kept up until a worker is handed over", "I'll keep coming in until you tell me when she finishes."},
		{Harassment, "when a worker is alone asked for", "Which nights does the new girl close alone? I'll be around."},
		{Harassment, "when a worker is alone asked for", "What time does your barista walk home on her own?"},
		{Harassment, "a worker waited for outside (other languages)", "Dime a qué hora sale la camarera rubia, quiero esperarla a la salida."},
		{Harassment, "a worker waited for outside (other languages)", "Dimmi quando stacca la cameriera, la aspetto fuori ogni sera."},
	})
}
