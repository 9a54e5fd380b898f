package gate

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// hasCJK reports whether text holds a character the tokenizer splits or a
// CJK mark it reads as punctuation.
func hasCJK(text string) bool {
	return strings.ContainsFunc(text, func(r rune) bool { return isCJK(r) || r == '。' || r == '、' })
}

// TestCJKTokensLeaveOtherTextAlone proves the CJK split changes no token
// of a message without CJK: every labelled row of testdata/gate (blind
// files are not opened) is tokenized with the split on and off, as the
// gate reads it (the analysed text) and raw. A failure names the file and
// line, never the text, since test halves are among the rows.
func TestCJKTokensLeaveOtherTextAlone(t *testing.T) {
	g := Default()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "gate", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	rows, cjkRows, changed := 0, 0, 0
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "blind") {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for line := 1; sc.Scan(); line++ {
			var c Case
			if json.Unmarshal(sc.Bytes(), &c) != nil || c.Text == "" {
				continue
			}
			rows++
			for _, text := range []string{analysis.Of(c.Text).Text, c.Text} {
				splitCJK = false
				old := g.tokenize(text, nil)
				splitCJK = true
				now := g.tokenize(text, nil)
				same := slices.Equal(old, now)
				switch {
				case hasCJK(text):
					cjkRows++
					if !same {
						changed++
					}
				case !same:
					t.Errorf("%s:%d: tokens changed for a row without CJK", filepath.Base(f), line)
				}
			}
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	splitCJK = true
	if rows < 1000 || cjkRows == 0 || changed == 0 {
		t.Fatalf("read %d rows, %d CJK readings, %d changed: the test saw too little", rows, cjkRows, changed)
	}
	t.Logf("%d rows; %d CJK readings, %d of them re-tokenized", rows, cjkRows, changed)
}

// TestCJKTokens pins how a run of CJK text splits: one token a character,
// a kana's stripped voicing mark and a Hangul syllable's jamo kept with
// their character, Latin glued to CJK parted, 。 a sentence end.
func TestCJKTokens(t *testing.T) {
	g := Default()
	for _, tc := range []struct{ in, want string }{
		{"我要退款", "<s> 我 要 退 款"},
		{"返金をお願いします。注文番号は7781です", "<s> 返 金 を お 願 い し ま す <s> 注 文 番 号 は <number> て す"},
		{"환불 해주세요", "<s> 환 불 해 주 세 요"},
		{"app的积分", "<s> app 的 积 分"},
		{"ｶﾞｲﾄﾞ、メニュー", "<s> カ イ ト <,> メ ニ ュ ー"},
		{"my order C-2291 is late", "<s> my order <order_id> is late"},
	} {
		got := strings.Join(g.tokenize(analysis.Of(tc.in).Text, nil), " ")
		// The analysis decomposes Hangul; so are the wanted tokens.
		want := strings.Fields(tc.want)
		for i, w := range want {
			if !strings.HasPrefix(w, "<") {
				want[i] = analysis.Of(w).Text
			}
		}
		if got != strings.Join(want, " ") {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCJKWords checks the CJK word lists of compose.yaml, each with the
// look-alike it must not catch.
func TestCJKWords(t *testing.T) {
	g := Default()
	for _, tc := range []struct {
		text string
		want Intent
	}{
		// A person asked for.
		{"请帮我转人工客服", Escalation},
		{"我要找你们经理", Escalation},
		{"責任者と話したいです", Escalation},
		{"店長を呼んでください", Escalation},
		{"상담원과 통화하고 싶어요", Escalation},
		{"매니저를 불러 주세요", Escalation},
		{"这个饮料有人工甜味剂吗？", FAQ},     // 人工: artificial
		{"店长推荐的是哪一款？", FAQ},       // the manager's pick
		{"店長おすすめのケーキは何ですか？", FAQ}, // the manager's pick
		// A refund of one's own order; a policy asked after.
		{"我要退款，订单号是10482", Transactional},
		{"返金をお願いします", Transactional},
		{"환불 받고 싶어요", Transactional},
		{"你们的退款政策是什么？", FAQ},
		{"환불 정책이 어떻게 되나요?", FAQ},
		// Status, balance, points; how points work.
		{"我的积分还有多少？", Transactional},
		{"ポイント残高を教えてください", Transactional},
		{"포인트 얼마 남았어요?", Transactional},
		{"ポイントは他の店舗でも使えますか？", FAQ},
		{"需要多少积分才能换一杯咖啡？", FAQ},
		// Complaints; the same words in a question or the weather.
		{"咖啡太难喝了", Complaint},
		{"外卖送到的时候咖啡都冷了", Complaint},
		{"コーヒーがまずかった", Complaint},
		{"注文したコーヒーが冷めていました", Complaint},
		{"커피가 너무 별로였어요", Complaint},
		{"주문한 커피가 차가웠어요", Complaint},
		{"天冷了，你们有热饮吗？", FAQ},
		{"夜遅い時間まで開いていますか？", FAQ},
		{"커피가 정말 맛있었어요", FAQ}, // 맛있: tasty, not 맛없
		{"我想跟真人说话", Escalation},
		{"人間と話したい", Escalation},
		{"我们等了40分钟还没拿到咖啡", Complaint},
		{"店員の態度が失礼な感じでした", Complaint},
		{"失礼します、営業時間を教えてください", FAQ}, // 失礼します: a courtesy
		{"卡里还剩多少钱？", Transactional},
		{"素食的选择还剩多少种？", FAQ}, // how many are left, not a balance
		// Hours and the menu.
		{"你们的营业时间是几点到几点？", FAQ},
		{"営業時間は何時までですか？", FAQ},
		{"영업시간이 어떻게 되나요?", FAQ},
	} {
		// The rule scorer alone: the word lists are under test, and the
		// safety score reads some Japanese as unsafe (see the report of
		// the fifteenth wave).
		d := g.classify(analysis.Of(tc.text).Text)
		if d.Intent != tc.want {
			t.Errorf("Classify(%q) = %s %v, want %s", tc.text, d.Intent, d.Cues, tc.want)
		}
	}
}
