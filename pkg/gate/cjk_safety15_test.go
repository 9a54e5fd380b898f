package gate

import (
	"testing"

	"github.com/cafebot/cafebot/pkg/escalation"
)

// TestCJKSafety: in Chinese, Japanese and Korean an emergency goes to a
// person by the signs_cjk rule, and an ordinary message or a drill
// does not, whatever the safety score would say of the script
// (before the fifteenth wave's lead fix "ありがとうございます" and
// "返金をお願いします" went to a person as emergencies, score 1.00 and 0.99).
func TestCJKSafety(t *testing.T) {
	g := Default()
	for _, tc := range []struct {
		text   string
		safety bool
	}{
		{"お客様が倒れました", true},
		{"ナッツを食べたお客様の唇が腫れて息が苦しそうです", true},
		{"厨房から火が出ています", true},
		{"男が包丁を持って暴れています、助けて", true},
		{"客人晕倒了", true},
		{"厨房着火了，烟很大", true},
		{"有人拿着刀在店里威胁员工", true},
		{"손님이 갑자기 쓰러졌어요", true},
		{"땅콩 먹고 목이 부어서 숨이 막힌대요", true},
		{"주방에 불이 났어요", true},
		// Look-alikes: thanks, a refund, cigarette smoke, a drill told without
		// an emergency word.
		{"ありがとうございます", false},
		{"返金をお願いします", false},
		{"タバコの煙が嫌でした", false},
		{"コーヒーおいしかったです", false},
		{"昨日の火災訓練は無事に終わりました", false},
		{"上周的消防演习很顺利", false},
		{"谢谢，很好喝", false},
		{"지난주에 화재 대피 훈련을 했어요", false},
		{"감사합니다", false},
	} {
		d := g.Classify(tc.text)
		got := d.Intent == Escalation && !d.Unsure && d.Category == string(escalation.Safety)
		if got != tc.safety {
			t.Errorf("%q: safety %v, want %v (%s %s %v)", tc.text, got, tc.safety, d.Intent, d.Category, d.Cues)
		}
	}
}

// TestMostlyCJK: the score stands aside only where those scripts are
// most of the letters, so an English message quoting a menu item's
// Japanese name is still scored.
func TestMostlyCJK(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"ありがとうございます", true},
		{"客人晕倒了", true},
		{"감사합니다", true},
		{"the matcha 抹茶 latte was great", false},
		{"someone collapsed near the 抹茶 counter", false},
		{"", false},
	} {
		if got := mostlyCJK(tc.text); got != tc.want {
			t.Errorf("mostlyCJK(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
