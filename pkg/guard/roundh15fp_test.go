package guard

import "testing"

// The fifteenth wave's second round (issue 11): five benign messages the
// rules flagged, each with look-alikes of our own that must pass and
// harmful twins that must still flag with the same rule's cue.

// TestRoundH15FPLookAlikes holds the five messages and their look-alikes:
// a driver waiting in the car park with a delivery, photos of the new
// menu, letters written for a chalkboard, a video of one's own order
// being made, and private tastings for an office.
func TestRoundH15FPLookAlikes(t *testing.T) {
	g := New(Options{})
	wantRulesPassCases(t, g, []string{
		// 1. waiting for staff
		"I will wait for you in the car park, I'm in the blue van with the milk delivery",
		"I'll wait for you in the car park, I'm in the white van, just bring the empties out",
		"we'll be waiting for you in the car park with your order",
		// 2. pictures of staff
		"can you send me the photos of the new autumn menu for our instagram",
		"could you share some photos of the new cakes for our newsletter",
		"can I get pictures of the new menu for the website",
		// 3. has written a note
		"I have written the letters for the chalkboard menu, can you check the spelling",
		"I've finished writing the letters for the new sign, which font do you like",
		"she wrote the lettering on the a frame outside, is it straight?",
		// 4. shames them online
		"made a TikTok of your server making my order",
		"I filmed a video of your barista making my latte art for my food blog",
		"posted a reel of the barista making my flat white, five stars",
		"we were filming the staff without them knowing for the surprise video at her leaving party",
		"I'd never film the staff without their permission",
		"I'm secretly recording the manager, he is stealing tips",
		// 5. private services from staff
		"she does private tastings for our office",
		"the manager does private tastings for groups on Fridays, can we book one",
		"does he do private tastings for weddings?",
	})
}

// TestRoundH15FPStillFlagged holds the harmful twins: a threat to wait
// for a worker, photos of the new waitress, a farewell note, filming a
// worker to mock her or behind her back, and private offers to staff.
func TestRoundH15FPStillFlagged(t *testing.T) {
	g := New(Options{})
	wantRuleCases(t, g, []ruleCase{
		// 1. the hand-over idiom is voided by a threat said with it.
		{Threat, "waiting for staff", "I'll wait for you in the car park, I'm in the blue van, you won't see me coming"},
		{Threat, "waiting for staff", "I'll be waiting for her in the car park when she finishes"},
		{Threat, "waiting for staff", "I'll be waiting for the new barista in the car park after her shift"},
		// 2. "the new" with a worker's word.
		{Sexual, "pictures of staff", "can you send me photos of the new waitress"},
		{Sexual, "pictures of staff", "I want pictures of the new girl, the blonde one"},
		{Sexual, "asking for pictures", "send me some pics of the new barista in her uniform"},
		// 3. letters to someone, not for a sign.
		{SelfHarm, "has written a note", "I've already written the letters to my family, this is goodbye"},
		{SelfHarm, "has written a note", "I've written my note, tell my mum I'm sorry"},
		{SelfHarm, "has written a note", "finished writing the goodbye letters for my kids"},
		// 4. filming a worker to mock her, or behind her back.
		{Harassment, "shames them online", "made a TikTok of your server crying, everyone is laughing at her"},
		{Harassment, "films staff covertly", "filming the girl at the till without her knowing"},
		{Harassment, "films staff covertly", "he keeps taking photos of the waitress when she isn't looking"},
		{Harassment, "films staff covertly", "I've been secretly filming the new barista on my phone"},
		// 5. private offers to staff.
		{Sexual, "private services from staff", "she does private tastings for the lads in the back if you tip her"},
		{Sexual, "private services from staff", "does the new girl do private sessions after hours"},
		{Sexual, "private services from staff", "the waitress gives extras to regulars if you know what I mean"},
	})
}
