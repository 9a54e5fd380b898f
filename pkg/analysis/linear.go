package analysis

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// A Model is a linear classifier over hashed features of an analysis:
// one logistic regression per label (one against the rest) over word
// unigrams, word bigrams and character 3- and 4-grams of each word,
// hashed into 2^Bits buckets. Scoring a message costs one hash and one
// table read per feature, a few microseconds. The guard and the gate
// each ship one, trained by `cafebot learn`.
type Model struct {
	// Labels names the outputs, in order.
	Labels []string
	// Bits is the size of the feature space, 2^Bits.
	Bits uint8
	// Thresholds holds each label's calibrated probability threshold,
	// chosen on the validation split.
	Thresholds []float64
	bias       []float32
	// w is dense: w[f*len(Labels)+l] is feature f's weight for label l.
	w []float32
}

// ErrBadModel is returned by ReadModel for a file that is not a model.
var ErrBadModel = errors.New("not a cafebot model file")

// Feature kinds, mixed into the hash so a word and an n-gram with the
// same letters do not share a bucket.
const (
	kindWord   = 'w'
	kindBigram = 'b'
	kindChar   = 'c'
)

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func hashStart(kind byte) uint32 { return (fnvOffset ^ uint32(kind)) * fnvPrime }

func hashMore(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

// Features appends the hashed features of a to out, unmasked; callers
// reduce them to the model's space.
func Features(a *Analysis, out []uint32) []uint32 {
	return features(a.Words, out, nil)
}

// features hashes words' features; when names is non-nil it also
// records each feature's readable name (for explanations).
func features(words []string, out []uint32, names *[]string) []uint32 {
	var buf [40]byte
	for i, w := range words {
		out = append(out, hashMore(hashStart(kindWord), w))
		if names != nil {
			*names = append(*names, w)
		}
		if i > 0 {
			h := hashMore(hashStart(kindBigram), words[i-1])
			h = hashMore((h^' ')*fnvPrime, w)
			out = append(out, h)
			if names != nil {
				*names = append(*names, words[i-1]+" "+w)
			}
		}
		if len(w) > 36 {
			continue
		}
		// Character n-grams of "<word>": they carry a misspelt or
		// unseen inflection ("threatening", "kil") towards its word.
		b := buf[:0]
		b = append(b, '<')
		b = append(b, w...)
		b = append(b, '>')
		for n := 3; n <= 4; n++ {
			for s := 0; s+n <= len(b); s++ {
				if n == 3 && len(b) <= 4 {
					// short words are covered by the word feature
					break
				}
				h := hashStart(kindChar)
				for _, c := range b[s : s+n] {
					h = (h ^ uint32(c)) * fnvPrime
				}
				out = append(out, h)
				if names != nil {
					*names = append(*names, "'"+string(b[s:s+n])+"'")
				}
			}
		}
	}
	return out
}

// Predict returns each label's probability for a, index for index with
// Labels. It allocates only the result.
func (m *Model) Predict(a *Analysis) []float64 {
	var fb [256]uint32
	fs := features(a.Words, fb[:0], nil)
	return m.predict(fs, make([]float64, len(m.Labels)))
}

func (m *Model) predict(fs []uint32, out []float64) []float64 {
	nl := len(m.Labels)
	mask := uint32(1)<<m.Bits - 1
	for l := 0; l < nl; l++ {
		out[l] = float64(m.bias[l])
	}
	for _, f := range fs {
		row := m.w[int(f&mask)*nl : int(f&mask)*nl+nl]
		for l, x := range row {
			out[l] += float64(x)
		}
	}
	for l := range out {
		out[l] = sigmoid(out[l])
	}
	return out
}

func sigmoid(x float64) float64 {
	switch {
	case x > 30:
		return 1
	case x < -30:
		return 0
	}
	return 1 / (1 + math.Exp(-x))
}

// Contribution is one feature's share of a label's score.
type Contribution struct {
	Feature string  `json:"feature"`
	Weight  float64 `json:"weight"`
}

// Explain returns the n features of a that push label l's score most,
// up or down, largest first.
func (m *Model) Explain(a *Analysis, l, n int) []Contribution {
	var names []string
	fs := features(a.Words, nil, &names)
	nl := len(m.Labels)
	mask := uint32(1)<<m.Bits - 1
	sum := map[string]float64{}
	for i, f := range fs {
		sum[names[i]] += float64(m.w[int(f&mask)*nl+l])
	}
	out := make([]Contribution, 0, len(sum))
	for k, v := range sum {
		if v != 0 {
			out = append(out, Contribution{k, math.Round(v*1000) / 1000})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if math.Abs(out[i].Weight) != math.Abs(out[j].Weight) {
			return math.Abs(out[i].Weight) > math.Abs(out[j].Weight)
		}
		return out[i].Feature < out[j].Feature
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Example is one training row: a message and the labels it carries (none
// for a benign message of a guard model).
type Example struct {
	Text   string
	Labels []string
}

// TrainOptions tune Train; zero values pick the defaults.
type TrainOptions struct {
	Bits   uint8   // feature space 2^Bits; default 17
	Epochs int     // passes over the data; default 8
	Rate   float64 // AdaGrad learning rate; default 0.2
	L2     float64 // L2 penalty per update; default 0.02
	Seed   uint64  // shuffle seed; default 1
	// MaxFPR bounds each label's false-positive rate on the validation
	// rows when its threshold is calibrated; default 0.01.
	MaxFPR float64
}

// SplitOf returns a labelled row's split: its own, lower-cased, or when it
// has none "train" or "valid" (one in six) by a hash of the text, so the
// same row always lands on the same side.
func SplitOf(split, text string) string {
	if split != "" {
		return strings.ToLower(split)
	}
	h := fnv.New32a()
	h.Write([]byte(text))
	if h.Sum32()%6 == 0 {
		return "valid"
	}
	return "train"
}

// Train fits a model for labels on train and calibrates each label's
// threshold on valid: the threshold with the best F1 among those whose
// false-positive rate on valid stays at or under MaxFPR. Valid must not
// be the set the model will be tested on.
func Train(labels []string, train, valid []Example, opt TrainOptions) (*Model, error) {
	if len(labels) == 0 || len(train) == 0 {
		return nil, errors.New("train: no labels or no training rows")
	}
	if opt.Bits == 0 {
		opt.Bits = 17
	}
	if opt.Bits < 10 || opt.Bits > 22 {
		return nil, fmt.Errorf("train: bits %d is not in 10..22", opt.Bits)
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 8
	}
	if opt.Rate <= 0 {
		opt.Rate = 0.2
	}
	if opt.L2 <= 0 {
		opt.L2 = 0.02
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.MaxFPR <= 0 {
		opt.MaxFPR = 0.01
	}
	nl := len(labels)
	index := map[string]int{}
	for i, l := range labels {
		index[l] = i
	}
	type row struct {
		fs []uint32
		y  []bool
	}
	mask := uint32(1)<<opt.Bits - 1
	prep := func(ex []Example) ([]row, error) {
		rows := make([]row, len(ex))
		for i, e := range ex {
			fs := Features(Of(e.Text), nil)
			// Repeated features stay repeated, as Predict counts them.
			for k := range fs {
				fs[k] &= mask
			}
			y := make([]bool, nl)
			for _, l := range e.Labels {
				j, ok := index[l]
				if !ok {
					return nil, fmt.Errorf("train: row %d has unknown label %q", i+1, l)
				}
				y[j] = true
			}
			rows[i] = row{fs, y}
		}
		return rows, nil
	}
	tr, err := prep(train)
	if err != nil {
		return nil, err
	}
	va, err := prep(valid)
	if err != nil {
		return nil, err
	}
	m := &Model{Labels: slices.Clone(labels), Bits: opt.Bits, bias: make([]float32, nl), w: make([]float32, (int(mask)+1)*nl)}
	w := make([]float64, len(m.w))
	g2 := make([]float64, len(m.w))
	bias := make([]float64, nl)
	bg2 := make([]float64, nl)
	order := make([]int, len(tr))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 7))
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			r := tr[i]
			for l := 0; l < nl; l++ {
				z := bias[l]
				for _, f := range r.fs {
					z += w[int(f)*nl+l]
				}
				p := sigmoid(z)
				y := 0.0
				if r.y[l] {
					y = 1
				}
				g := p - y
				if g == 0 {
					continue
				}
				bg2[l] += g * g
				bias[l] -= opt.Rate * g / math.Sqrt(bg2[l]+1e-8)
				for _, f := range r.fs {
					k := int(f)*nl + l
					gk := g + opt.L2*w[k]
					g2[k] += gk * gk
					w[k] -= opt.Rate * gk / math.Sqrt(g2[k]+1e-8)
				}
			}
		}
	}
	for k, x := range w {
		m.w[k] = float32(x)
	}
	for l, x := range bias {
		m.bias[l] = float32(x)
	}
	m.quantize()
	m.Thresholds = make([]float64, nl)
	for l := range labels {
		var pos, neg []float64
		for _, r := range va {
			p := m.predict(r.fs, make([]float64, nl))[l]
			if r.y[l] {
				pos = append(pos, p)
			} else {
				neg = append(neg, p)
			}
		}
		m.Thresholds[l] = calibrate(pos, neg, opt.MaxFPR)
	}
	return m, nil
}

// calibrate picks the threshold with the best F1 whose false-positive
// rate on neg is at most maxFPR; 0.5 when there is nothing to go on.
func calibrate(pos, neg []float64, maxFPR float64) float64 {
	if len(pos) == 0 {
		return 0.5
	}
	cands := slices.Concat(pos, neg)
	slices.Sort(cands)
	cands = slices.Compact(cands)
	best, bestF1 := 0.99, -1.0
	for _, t := range cands {
		if t < 0.05 {
			continue
		}
		tp, fp := 0, 0
		for _, p := range pos {
			if p >= t {
				tp++
			}
		}
		for _, p := range neg {
			if p >= t {
				fp++
			}
		}
		if len(neg) > 0 && float64(fp)/float64(len(neg)) > maxFPR {
			continue
		}
		if tp == 0 {
			continue
		}
		prec := float64(tp) / float64(tp+fp)
		rec := float64(tp) / float64(len(pos))
		f1 := 2 * prec * rec / (prec + rec)
		if f1 > bestF1 {
			best, bestF1 = t, f1
		}
	}
	return math.Round(best*10000) / 10000
}

// quantize rounds the weights to the 8-bit grid the file stores, so the
// model in memory after training scores exactly as the one read back.
func (m *Model) quantize() {
	scale := m.scale()
	for k, x := range m.w {
		q := math.Round(float64(x) / scale)
		if math.Abs(q) < 1 {
			q = 0
		}
		m.w[k] = float32(q * scale)
	}
}

func (m *Model) scale() float64 {
	mx := 0.0
	for _, x := range m.w {
		mx = max(mx, math.Abs(float64(x)))
	}
	if mx == 0 {
		return 1
	}
	return mx / 127
}

const modelMagic = "CBLM1\n"

// maxWeights bounds a model's dense weight table (64 MiB of float32).
const maxWeights = 1 << 24

// WriteTo writes m in its compact file form: a header (labels, bits,
// thresholds, biases, scale) and the non-zero feature rows as 8-bit
// weights, delta-coded.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	b.WriteString(modelMagic)
	b.WriteString(strings.Join(m.Labels, ",") + "\n")
	b.WriteByte(m.Bits)
	scale := m.scale()
	for _, v := range slices.Concat(m.Thresholds, f32s(m.bias), []float64{scale}) {
		binary.Write(&b, binary.LittleEndian, v)
	}
	nl := len(m.Labels)
	rows := len(m.w) / nl
	var tmp [binary.MaxVarintLen64]byte
	prev := -1
	var body bytes.Buffer
	count := 0
	for f := 0; f < rows; f++ {
		row := m.w[f*nl : f*nl+nl]
		if !slices.ContainsFunc(row, func(x float32) bool { return x != 0 }) {
			continue
		}
		n := binary.PutUvarint(tmp[:], uint64(f-prev))
		body.Write(tmp[:n])
		for _, x := range row {
			body.WriteByte(byte(int8(math.Round(float64(x) / scale))))
		}
		prev = f
		count++
	}
	n := binary.PutUvarint(tmp[:], uint64(count))
	b.Write(tmp[:n])
	b.Write(body.Bytes())
	k, err := w.Write(b.Bytes())
	return int64(k), err
}

func f32s(xs []float32) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

// ReadModel reads a model written by WriteTo.
func ReadModel(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic {
		return nil, ErrBadModel
	}
	line, err := br.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("%w: no labels", ErrBadModel)
	}
	m := &Model{Labels: strings.Split(strings.TrimSuffix(line, "\n"), ",")}
	nl := len(m.Labels)
	if m.Bits, err = br.ReadByte(); err != nil || m.Bits < 10 || m.Bits > 22 {
		return nil, fmt.Errorf("%w: bad feature space", ErrBadModel)
	}
	// The dense table must stay small whatever the header claims.
	if nl > 64 || (1<<m.Bits)*nl > maxWeights {
		return nil, fmt.Errorf("%w: %d labels over 2^%d buckets is too large", ErrBadModel, nl, m.Bits)
	}
	head := make([]float64, 2*nl+1)
	if err := binary.Read(br, binary.LittleEndian, head); err != nil {
		return nil, fmt.Errorf("%w: short header", ErrBadModel)
	}
	m.Thresholds = head[:nl]
	m.bias = make([]float32, nl)
	for l := range m.bias {
		m.bias[l] = float32(head[nl+l])
	}
	scale := head[2*nl]
	rows := 1 << m.Bits
	m.w = make([]float32, rows*nl)
	count, err := binary.ReadUvarint(br)
	if err != nil || count > uint64(rows) {
		return nil, fmt.Errorf("%w: bad row count", ErrBadModel)
	}
	f := -1
	q := make([]byte, nl)
	for i := uint64(0); i < count; i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil || d == 0 || uint64(f)+d >= uint64(rows) && f >= 0 || f < 0 && d-1 >= uint64(rows) {
			return nil, fmt.Errorf("%w: bad row %d", ErrBadModel, i)
		}
		f += int(d)
		if _, err := io.ReadFull(br, q); err != nil {
			return nil, fmt.Errorf("%w: truncated", ErrBadModel)
		}
		for l, x := range q {
			m.w[f*nl+l] = float32(float64(int8(x)) * scale)
		}
	}
	return m, nil
}

// Label returns the index of label name, or -1.
func (m *Model) Label(name string) int {
	return slices.Index(m.Labels, name)
}
