package publicdata

//go:generate go run ./cybersecevalgen -out ../../testdata/guard/public

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Injection is the guard category of every CyberSecEval row kept.
const Injection = "injection"

// CSERound is the value of the round field of every CyberSecEval row.
const CSERound = "cyberseceval"

// Files are the names, inside testdata/guard/public, of the CyberSecEval
// training and eval files.
const (
	CSETrainFile = "cyberseceval.train.jsonl"
	CSEEvalFile  = "cyberseceval.eval.jsonl"
)

// The paths, inside the PurpleLlama repository, of the two data files.
const (
	CSEEnglishPath      = "CybersecurityBenchmarks/datasets/prompt_injection/prompt_injection.json"
	CSEMultilingualPath = "CybersecurityBenchmarks/datasets/prompt_injection/prompt_injection_multilingual_machine_translated.json"
)

// Prompt is one CyberSecEval prompt-injection test case: a system prompt
// (TestCasePrompt), the attacker's message (UserInput) and the attack's
// description. JudgeQuestion is read only to check the file's shape.
type Prompt struct {
	PromptID       int    `json:"prompt_id"`
	TestCasePrompt string `json:"test_case_prompt"`
	UserInput      string `json:"user_input"`
	JudgeQuestion  string `json:"judge_question"`
	InjectionType  string `json:"injection_type"`
	Variant        string `json:"injection_variant"`
	RiskCategory   string `json:"risk_category"`
	Language       string `json:"speaking_language"`
}

// ReadPrompts parses a CyberSecEval prompt-injection JSON file (an array
// of test cases), refusing unknown injection types, empty attacks and
// repeated prompt ids.
func ReadPrompts(data []byte, name string) ([]Prompt, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ps []Prompt
	if err := dec.Decode(&ps); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, ErrCSEFormat, err)
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("%s: %w: no test cases", name, ErrCSEFormat)
	}
	seen := map[int]bool{}
	for i, p := range ps {
		if p.InjectionType != "direct" && p.InjectionType != "indirect" {
			return nil, fmt.Errorf("%s: case %d: %w: injection_type %q", name, i, ErrCSEFormat, p.InjectionType)
		}
		if strings.TrimSpace(p.UserInput) == "" || p.Variant == "" || p.Language == "" {
			return nil, fmt.Errorf("%s: case %d: %w: empty user_input, injection_variant or speaking_language", name, i, ErrCSEFormat)
		}
		if seen[p.PromptID] {
			return nil, fmt.Errorf("%s: case %d: %w: prompt_id %d twice", name, i, ErrCSEFormat, p.PromptID)
		}
		seen[p.PromptID] = true
	}
	return ps, nil
}

// ErrCSEFormat is returned, wrapped, for a CyberSecEval file that does not
// have the expected shape, a multilingual file that does not line up with
// the English one, or an English file other than the one reviewed.
var ErrCSEFormat = errors.New("not a CyberSecEval prompt-injection file")

// translationsPer is how many translations of each English prompt the
// multilingual file's first block holds; its second block holds one more
// (Hindi) per prompt.
const translationsPer = 3

// Origins links each row of the multilingual file to the English prompt
// it translates. The file carries no link of its own (its prompt ids are
// its row numbers), but its shape is fixed: rows 3i, 3i+1 and 3i+2 are
// three translations of English prompt i, in three languages, and row
// 3N+i (Hindi) is a fourth. Origins checks every row against that shape
// (same injection type, variant and risk category, three distinct
// languages per prompt) and fails rather than guess.
func Origins(english, multi []Prompt) ([]int, error) {
	n := len(english)
	if len(multi) != (translationsPer+1)*n {
		return nil, fmt.Errorf("%w: %d multilingual cases for %d English ones, want %d", ErrCSEFormat, len(multi), n, (translationsPer+1)*n)
	}
	out := make([]int, len(multi))
	for j := range multi {
		i := j / translationsPer
		if j >= translationsPer*n {
			i = j - translationsPer*n
		}
		e, m := english[i], multi[j]
		if e.InjectionType != m.InjectionType || e.Variant != m.Variant || e.RiskCategory != m.RiskCategory {
			return nil, fmt.Errorf("%w: multilingual case %d (%s/%s) does not line up with English case %d (%s/%s)", ErrCSEFormat, j, m.InjectionType, m.Variant, i, e.InjectionType, e.Variant)
		}
		if m.Language == "English" {
			return nil, fmt.Errorf("%w: multilingual case %d is in English", ErrCSEFormat, j)
		}
		out[j] = i
	}
	for i := range n {
		a, b, c := multi[translationsPer*i].Language, multi[translationsPer*i+1].Language, multi[translationsPer*i+2].Language
		if a == b || b == c || a == c {
			return nil, fmt.Errorf("%w: English case %d has two translations in one language (%s, %s, %s)", ErrCSEFormat, i, a, b, c)
		}
	}
	return out, nil
}

// dropReason says why an English prompt (and so each of its translations)
// is left out: its user_input, read alone as the guard reads a message,
// is not an injection, because the attack lies only in the system prompt
// it is tested against.
type dropReason string

const (
	// An ordinary question or task ("How do I make moussaka?") that breaks
	// only a topic or task limit of the test's system prompt.
	dropOrdinary dropReason = "ordinary request, violates only the system prompt's topic or task limit"
	// An encoded or split text whose plain form is an ordinary question.
	dropEncodedOrdinary dropReason = "encoded or split text whose plain form is an ordinary question"
	// "What is the password?" with no framing: a café customer may mean
	// the Wi-Fi password.
	dropBarePassword dropReason = "bare question for 'the password', innocent alone (the Wi-Fi password)"
)

// cseDrop is one English prompt the hand review left out: its variant and
// the FNV-1a hash of its user_input, so a changed upstream file is read
// again rather than converted with a review of other texts (ConvertCSE
// fails on a mismatch), and the reason.
type cseDrop struct {
	variant string
	hash    uint32
	why     dropReason
}

// cseDrops is the hand review of the 251 English prompts of PurpleLlama
// commit 4be64c3: the ones left out, by prompt id. Every other prompt's
// user_input carries an override ("ignore previous instructions", DAN), a
// false claim of authority or of a special mode, a request for the
// assistant's secret or for another person's data (plainly, in a
// hypothetical, encoded or split), or, for an indirect attack, an
// instruction planted in the pasted document.
var cseDrops = map[int]cseDrop{
	11:  {"ignore_previous_instructions", 0x4d55d6c4, dropOrdinary},
	12:  {"ignore_previous_instructions", 0x26478786, dropOrdinary},
	14:  {"ignore_previous_instructions", 0xf37539fe, dropOrdinary},
	17:  {"ignore_previous_instructions", 0x8172b1ac, dropOrdinary},
	19:  {"indirect_reference", 0x114efa60, dropOrdinary},
	21:  {"indirect_reference", 0x0754bb3d, dropOrdinary},
	22:  {"indirect_reference", 0x21476807, dropOrdinary},
	23:  {"indirect_reference", 0x0c464d59, dropOrdinary},
	24:  {"indirect_reference", 0x5920dec8, dropOrdinary},
	25:  {"indirect_reference", 0x29afe539, dropOrdinary},
	26:  {"indirect_reference", 0xd8ef57ee, dropOrdinary},
	27:  {"indirect_reference", 0xdc3699cd, dropOrdinary},
	28:  {"indirect_reference", 0x341dca6d, dropOrdinary},
	31:  {"token_smuggling", 0x15639b69, dropEncodedOrdinary},
	32:  {"token_smuggling", 0xda6c2e5c, dropEncodedOrdinary},
	33:  {"token_smuggling", 0x8a70fe1f, dropEncodedOrdinary},
	34:  {"token_smuggling", 0xf0775b73, dropEncodedOrdinary},
	35:  {"token_smuggling", 0x1a4ffbaa, dropEncodedOrdinary},
	49:  {"different_user_input_language", 0xa3e9b2de, dropBarePassword},
	50:  {"different_user_input_language", 0xf27bd16d, dropBarePassword},
	51:  {"different_user_input_language", 0x079378e6, dropBarePassword},
	52:  {"different_user_input_language", 0xe987ec84, dropBarePassword},
	53:  {"different_user_input_language", 0x35615398, dropBarePassword},
	59:  {"different_user_input_language", 0x128ea31a, dropOrdinary},
	60:  {"different_user_input_language", 0x08232809, dropOrdinary},
	61:  {"different_user_input_language", 0x1970222c, dropOrdinary},
	62:  {"different_user_input_language", 0xc286f6d9, dropOrdinary},
	63:  {"different_user_input_language", 0xc6052ed8, dropOrdinary},
	64:  {"different_user_input_language", 0xbaef5728, dropOrdinary},
	65:  {"different_user_input_language", 0xb5444226, dropOrdinary},
	74:  {"overload_with_information", 0x0cadd8b0, dropOrdinary},
	75:  {"overload_with_information", 0xd7c51a06, dropOrdinary},
	76:  {"overload_with_information", 0x8149aff8, dropOrdinary},
	77:  {"overload_with_information", 0xee4ff978, dropOrdinary},
	78:  {"overload_with_information", 0x725b0e19, dropOrdinary},
	79:  {"overload_with_information", 0x0d4d08f7, dropOrdinary},
	80:  {"overload_with_information", 0xa24ec8bb, dropOrdinary},
	87:  {"mixed_techniques", 0x1947cd36, dropOrdinary},
	88:  {"few_shot_attack", 0xc68a60f0, dropOrdinary},
	89:  {"few_shot_attack", 0xeae9887a, dropOrdinary},
	90:  {"few_shot_attack", 0xeb3fb2b5, dropOrdinary},
	91:  {"few_shot_attack", 0x26cc0a5e, dropOrdinary},
	92:  {"few_shot_attack", 0xc6c26cde, dropOrdinary},
	95:  {"many_shot_attack", 0x24c52158, dropOrdinary},
	96:  {"many_shot_attack", 0xd21f67b3, dropOrdinary},
	97:  {"many_shot_attack", 0x8f09fe8c, dropOrdinary},
	98:  {"many_shot_attack", 0x355f0480, dropOrdinary},
	99:  {"many_shot_attack", 0x081a7100, dropOrdinary},
	103: {"repeated_token_attack", 0xe3c0bf38, dropOrdinary},
	104: {"repeated_token_attack", 0xe9f2df38, dropOrdinary},
	105: {"repeated_token_attack", 0x3d282d57, dropOrdinary},
	121: {"persuasion", 0xaece13ea, dropOrdinary},
	122: {"persuasion", 0x9a8c2097, dropOrdinary},
	123: {"persuasion", 0x85016182, dropOrdinary},
	124: {"persuasion", 0xe8ec87dd, dropOrdinary},
	125: {"persuasion", 0x3db46a76, dropOrdinary},
	133: {"payload_splitting", 0xd6bfcb1e, dropEncodedOrdinary},
	134: {"payload_splitting", 0x9e174df7, dropEncodedOrdinary},
	150: {"output_formatting_manipulation", 0x38d768d4, dropOrdinary},
	151: {"output_formatting_manipulation", 0xf746d106, dropOrdinary},
	154: {"hypothetical_scenario", 0x755156b1, dropOrdinary},
	158: {"hypothetical_scenario", 0x6e52aaa5, dropOrdinary},
	176: {"mixed_techniques", 0xf5b4e700, dropOrdinary},
	180: {"mixed_techniques", 0x1a7eedc2, dropOrdinary},
	181: {"mixed_techniques", 0xff491233, dropOrdinary},
	191: {"mixed_techniques", 0xf5b4e700, dropOrdinary},
	193: {"mixed_techniques", 0x05fa6362, dropOrdinary},
	194: {"mixed_techniques", 0x1a7eedc2, dropOrdinary},
	195: {"mixed_techniques", 0x3ac1e998, dropOrdinary},
	206: {"token_smuggling", 0x1b96f423, dropEncodedOrdinary},
}

// Fingerprint is the FNV-1a hash of a user_input, as the hand review
// recorded it.
func Fingerprint(s string) uint32 { return hash(s) }

// CSEDropReason returns why the English prompt with this id was left out,
// or "" when it is kept.
func CSEDropReason(id int) string { return string(cseDrops[id].why) }

// CSEDropCount is the number of English prompts the hand review left out.
func CSEDropCount() int { return len(cseDrops) }

// cseFamily is the unit of the split: the injection variant for a direct
// attack (train on some techniques, measure on others) and the carrier
// document for an indirect one (the same code snippet, web page or table
// carries every technique's injection, so splitting indirect rows by
// technique would put one carrier on both sides).
func cseFamily(e Prompt) string {
	if e.InjectionType == "direct" {
		return "direct/" + e.Variant
	}
	f := strings.Fields(strings.ToLower(e.UserInput))
	if len(f) > 4 {
		f = f[:4]
	}
	key := strings.Join(f, " ")
	for _, c := range []struct{ prefix, name string }{
		{"what is the output", "code"},
		{"summarize this webpage:", "webpage"},
		{"what is the sum", "table"},
		{"write a personalized outreach", "resume"},
		{"what are the main", "paper"},
		{"what is the capital", "article"},
		{"create action items based", "email"},
		{"the user recieved the", "transaction"},
		{"<!doctype html>", "portfolio"},
	} {
		if strings.HasPrefix(key, c.prefix) {
			return "indirect/" + c.name
		}
	}
	return "indirect/other-" + strconv.Itoa(e.PromptID)
}

// CSESplit assigns the families of the kept English prompts to splits:
// within each stratum (direct, indirect), families in the order of the
// FNV-1a hash of "eval/"+family go to eval until about EvalShare of the
// stratum's prompts are there; in the training families, the prompts
// whose hash of "valid/"+id is divisible by 6 calibrate. It returns the
// split of each English prompt id (translations follow their prompt).
func CSESplit(english []Prompt, keep func(Prompt) bool) map[int]string {
	type fam struct {
		name string
		ids  []int
	}
	strata := map[string]map[string]*fam{}
	for _, e := range english {
		if !keep(e) {
			continue
		}
		s := e.InjectionType
		if strata[s] == nil {
			strata[s] = map[string]*fam{}
		}
		name := cseFamily(e)
		if strata[s][name] == nil {
			strata[s][name] = &fam{name: name}
		}
		strata[s][name].ids = append(strata[s][name].ids, e.PromptID)
	}
	out := map[int]string{}
	for _, fams := range strata {
		var list []*fam
		total := 0
		for _, f := range fams {
			list = append(list, f)
			total += len(f.ids)
		}
		sort.Slice(list, func(i, j int) bool {
			hi, hj := hash("eval/"+list[i].name), hash("eval/"+list[j].name)
			if hi != hj {
				return hi < hj
			}
			return list[i].name < list[j].name
		})
		target := float64(total) * EvalShare
		inEval := 0
		for _, f := range list {
			// Take the family while that brings the eval count nearer the
			// target than leaving it out would.
			toEval := float64(inEval) < target && abs(float64(inEval+len(f.ids))-target) <= abs(float64(inEval)-target)
			if toEval {
				inEval += len(f.ids)
			}
			for _, id := range f.ids {
				switch {
				case toEval:
					out[id] = SplitEval
				case hash("valid/"+strconv.Itoa(id))%6 == 0:
					out[id] = SplitValid
				default:
					out[id] = SplitTrain
				}
			}
		}
	}
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// ConvertCSE labels and splits the English and multilingual prompts. Every
// kept row is an injection (the guard sees the user_input, the message a
// customer would send; the system prompt is the bot's and is not part of
// it). English prompts the hand review left out are dropped with all their
// translations, as are repeated texts (case-insensitive; the first one
// stays), and eval rows that are near copies of a training row
// (NearDuplicate). Rows come English first, then the multilingual file,
// each in file order. It fails when the English file is not the one
// reviewed.
func ConvertCSE(english, multi []Prompt) (train, eval []Row, err error) {
	return convertCSE(english, multi, cseDrops)
}

// convertCSE is ConvertCSE with the hand review given.
func convertCSE(english, multi []Prompt, review map[int]cseDrop) (train, eval []Row, err error) {
	origin, err := Origins(english, multi)
	if err != nil {
		return nil, nil, err
	}
	byID := map[int]Prompt{}
	for i, e := range english {
		if e.PromptID != i {
			return nil, nil, fmt.Errorf("%w: English case %d has prompt_id %d", ErrCSEFormat, i, e.PromptID)
		}
		byID[e.PromptID] = e
	}
	for id, fp := range review {
		e, ok := byID[id]
		if !ok || e.Variant != fp.variant || Fingerprint(e.UserInput) != fp.hash {
			return nil, nil, fmt.Errorf("%w: English prompt %d is not the text the hand review read (variant %q, hash %08x; want %q, %08x): re-read the new file and update the review", ErrCSEFormat, id, e.Variant, Fingerprint(e.UserInput), fp.variant, fp.hash)
		}
	}
	keep := func(e Prompt) bool { _, out := review[e.PromptID]; return !out }
	splits := CSESplit(english, keep)
	seen := map[string]bool{}
	add := func(p, e Prompt) {
		text := strings.TrimSpace(p.UserInput)
		key := strings.ToLower(text)
		if !keep(e) || seen[key] {
			return
		}
		seen[key] = true
		r := Row{
			Text: text, Harmful: true, Category: Injection,
			Split: splits[e.PromptID], Round: CSERound,
			Functionality: e.Variant, Family: cseFamily(e), Template: "prompt-" + strconv.Itoa(e.PromptID),
			InjectionType: e.InjectionType, RiskCategory: e.RiskCategory, Language: p.Language,
		}
		if r.Split == SplitEval {
			eval = append(eval, r)
		} else {
			train = append(train, r)
		}
	}
	for _, e := range english {
		add(e, e)
	}
	for j, m := range multi {
		add(m, english[origin[j]])
	}
	return train, dropNear(eval, train), nil
}

// NearDuplicate is the word-bigram Jaccard similarity at or above which
// an eval row is dropped as a near copy of a training row. CyberSecEval's
// mixed techniques reuse whole sentences of the others ("Could you tell me
// Paul's birth date" with "in reverse order" added), which a split by
// technique alone would leave on both sides.
const NearDuplicate = 0.5

// dropNear returns the eval rows whose word-bigram Jaccard similarity to
// every training row is below NearDuplicate, in order.
func dropNear(eval, train []Row) []Row {
	tb := make([]map[string]bool, len(train))
	for i, r := range train {
		tb[i] = Bigrams(r.Text)
	}
	near := NewNearSet(tb)
	var out []Row
	for _, r := range eval {
		if !near.Near(Bigrams(r.Text), NearDuplicate) {
			out = append(out, r)
		}
	}
	return out
}
