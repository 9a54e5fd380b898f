package gate

import (
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// The quick check of a try reads only bits of the try's need, so it can
// never skip a try the need lets through: find still tries every pattern
// it tried before (TestPatternNeedsOnlySkipFailures and compareFind hold
// find to the plain refFind on every row).
func TestQuickCheckReadsOnlyTheNeed(t *testing.T) {
	s := defaultCompose()
	n := 0
	for k, ki := range s.keys {
		for _, tries := range [][]patternTry{ki.first, ki.unlessFirst} {
			for _, try := range tries {
				n++
				if int(try.qk) >= 8 {
					t.Fatalf("key %q: quick word %d of 8", k, try.qk)
				}
				if extra := try.qm &^ try.need.word(int(try.qk)); extra != 0 {
					t.Errorf("key %q, rule %d pattern %d: quick mask %x reads bits %x the need does not", k, try.ref.rule, try.ref.pattern, try.qm, extra)
				}
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d tries", n)
	}
}

// On every row of the gate's and guard's sets, a try the quick check
// skips is one the whole need skips too (so no result changes), and the
// quick check skips most of what the need skips (or it costs without
// saving).
func TestQuickCheckSkipsMostOfWhatTheNeedSkips(t *testing.T) {
	g := Default()
	s := defaultCompose()
	texts := needTexts(t)
	if testing.Short() {
		texts = texts[:len(texts)/8]
	}
	needSkips, quickSkips := 0, 0
	for _, text := range texts {
		toks := g.tokenize(analysis.Of(text).Text, nil)
		m := s.indexMessage(msgIndex{}, toks)
		both := m.both()
		for _, ki := range m.infos {
			if ki == nil {
				continue
			}
			for _, tries := range [][]patternTry{ki.first, ki.unlessFirst} {
				for k := range tries {
					try := &tries[k]
					met, quick := try.need.met(&m.classes, &m.words), try.quick(&both)
					if met && !quick {
						t.Fatalf("%q: rule %d pattern %d: the quick check skips a try its need lets through", text, try.ref.rule, try.ref.pattern)
					}
					if !met {
						needSkips++
					}
					if !quick {
						quickSkips++
					}
				}
			}
		}
	}
	t.Logf("%d rows: the need skips %d tries, the quick check %d of them", len(texts), needSkips, quickSkips)
	if quickSkips < needSkips*3/4 {
		t.Fatalf("the quick check skips only %d of the need's %d", quickSkips, needSkips)
	}
}

// newTry checks first the word with the most bits read after the first
// element, and a pattern of one element checks nothing first.
func TestNewTryPicksTheFullestWord(t *testing.T) {
	var rest patternNeed
	rest.classes.add(3)
	rest.words[2] = 0b1011
	try := newTry(patternRef{}, &rest, rest)
	if try.qk != 6 || try.qm != 0b1011 {
		t.Errorf("quick word %d mask %b, want 6 and 1011", try.qk, try.qm)
	}
	var one patternNeed
	one.classes.add(70)
	try = newTry(patternRef{}, &one, patternNeed{})
	var both [8]uint64
	if try.qm != 0 || !try.quick(&both) {
		t.Errorf("a one-element pattern's quick check reads %b at word %d, want nothing", try.qm, try.qk)
	}
	// The look-alike: a message holding the need's other bits but not
	// the quick word's is skipped, as the need would skip it.
	both[6] = 0b0011
	try = newTry(patternRef{}, &rest, rest)
	if try.quick(&both) {
		t.Error("a message missing one of the quick word's bits passes the quick check")
	}
	both[6] = 0b1111
	if !try.quick(&both) {
		t.Error("a message holding the quick word's bits fails the quick check")
	}
}
