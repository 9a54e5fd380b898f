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
// unigrams, word bigrams and character n-grams of each word (see
// FeatureSet), hashed into 2^Bits buckets. Scoring a message costs one hash and one
// table read per feature, a few microseconds. The guard and the gate
// each ship one, trained by `cafebot learn`.
type Model struct {
	// Labels names the outputs, in order.
	Labels []string
	// Bits is the size of the feature space, 2^Bits.
	Bits uint8
	// L2 is the L2 penalty Train fitted the model with (chosen on the
	// validation rows when it was given a grid). Files of feature set 2
	// store it, so the model can be refitted with it alone; it is 0 on a
	// feature set 1 model read from a file.
	L2 float64
	// Data is a digest of the rows the model was trained on, set by the
	// trainer (see guard.TrainModel) and stored by files of feature set 2,
	// so a test can tell cheaply whether a shipped model still matches its
	// data; zero when unknown.
	Data [32]byte
	// FeatureSet is the features the model reads: 1 is words, word
	// bigrams and character 3- and 4-grams of each word; 2 adds
	// character 5-grams and 3-grams of short words, which carry
	// inflections, misspellings and other languages' forms of a word
	// ("instrucciones", "Anweisungen") towards what training saw.
	FeatureSet uint8
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

// Feature sets a model can read (Model.FeatureSet).
const (
	FeatureSetV1 = 1
	FeatureSetV2 = 2
)

// Features appends the hashed features of a (feature set 1) to out,
// unmasked; callers reduce them to the model's space.
func Features(a *Analysis, out []uint32) []uint32 {
	return features(a.Words, FeatureSetV1, out, nil)
}

// features hashes words' features of feature set set; when names is
// non-nil it also records each feature's readable name (for
// explanations).
func features(words []string, set uint8, out []uint32, names *[]string) []uint32 {
	maxN := 4
	if set >= FeatureSetV2 {
		maxN = 5
	}
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
		if set >= FeatureSetV2 {
			// FNV extends a prefix's hash by one letter, so each start's
			// 3-, 4- and 5-gram come from one pass: the same hashes as
			// below, start by start.
			for s := 0; s+3 <= len(b); s++ {
				h := hashStart(kindChar)
				h = (h ^ uint32(b[s])) * fnvPrime
				h = (h ^ uint32(b[s+1])) * fnvPrime
				for n := 3; n <= maxN && s+n <= len(b); n++ {
					h = (h ^ uint32(b[s+n-1])) * fnvPrime
					out = append(out, h)
					if names != nil {
						*names = append(*names, "'"+string(b[s:s+n])+"'")
					}
				}
			}
			continue
		}
		for n := 3; n <= maxN; n++ {
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
	var fb [512]uint32
	fs := features(a.Words, m.featureSet(), fb[:0], nil)
	return m.predict(fs, make([]float64, len(m.Labels)))
}

// PredictFeatures returns each label's probability from fs, the features
// Features made of a message, so two models of feature set 1 (the gate's
// learned layer and its safety score) score one message from one
// hashing. ok is false for a model of another feature set, which must
// use Predict. It allocates only the result.
func (m *Model) PredictFeatures(fs []uint32) (probs []float64, ok bool) {
	if m.featureSet() != FeatureSetV1 {
		return nil, false
	}
	return m.predict(fs, make([]float64, len(m.Labels))), true
}

// featureSet is m's feature set, 1 for a model that names none.
func (m *Model) featureSet() uint8 {
	if m.FeatureSet == 0 {
		return FeatureSetV1
	}
	return m.FeatureSet
}

func (m *Model) predict(fs []uint32, out []float64) []float64 {
	nl := len(m.Labels)
	mask := uint32(1)<<m.Bits - 1
	for l := 0; l < nl; l++ {
		out[l] = float64(m.bias[l])
	}
	out = out[:nl]
	for _, f := range fs {
		base := int(f&mask) * nl
		row := m.w[base : base+nl]
		// One bounds check per feature instead of one per label.
		acc := out[:len(row)]
		for l, x := range row {
			acc[l] += float64(x)
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
	fs := features(a.Words, m.featureSet(), nil, &names)
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
	// MaxFPRFor overrides MaxFPR for the labels it names.
	MaxFPRFor map[string]float64
	// FeatureSet picks the features (Model.FeatureSet); default 1.
	FeatureSet uint8
	// Balance weights each label's positive rows by the square root of
	// its negatives over its positives (at most 8), so a rare label is
	// not drowned by the rest.
	Balance bool
	// L2Grid, when set, lists L2 penalties to try instead of L2: each is
	// fitted on train, and the one whose calibrated thresholds give the
	// best mean F1 over the labels on valid is kept (the first on a tie).
	L2Grid []float64
	// Average, when above 1, fits the model that many times, each over
	// its own shuffle of the rows (seeds Seed, Seed+1, ...), and keeps the
	// mean of their weights: one pass of stochastic gradient descent
	// leaves weights that depend on the order it met the rows in, and the
	// mean of a few orders moves less when rows are added. Scoring costs
	// the same, since the mean of linear models is one linear model.
	Average int
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
	set := opt.FeatureSet
	if set == 0 {
		set = FeatureSetV1
	}
	if set > FeatureSetV2 {
		return nil, fmt.Errorf("train: feature set %d is not 1 or 2", set)
	}
	mask := uint32(1)<<opt.Bits - 1
	prep := func(ex []Example) ([]trainRow, error) {
		rows := make([]trainRow, len(ex))
		for i, e := range ex {
			fs := features(Of(e.Text).Words, set, nil, nil)
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
			rows[i] = trainRow{fs, y}
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
	grid := opt.L2Grid
	if len(grid) == 0 {
		grid = []float64{opt.L2}
	}
	var best *Model
	bestF1 := -1.0
	for _, l2 := range grid {
		if l2 <= 0 {
			return nil, fmt.Errorf("train: L2 penalty %v is not positive", l2)
		}
		m, f1 := fit(labels, tr, va, opt, set, l2)
		if f1 > bestF1 {
			best, bestF1 = m, f1
		}
	}
	return best, nil
}

// trainRow is a prepared training row: its masked features and its labels.
type trainRow struct {
	fs []uint32
	y  []bool
}

// fit trains one model with L2 penalty l2 and calibrates it on va; it
// returns the model and its mean F1 over the labels on va.
func fit(labels []string, tr, va []trainRow, opt TrainOptions, set uint8, l2 float64) (*Model, float64) {
	nl := len(labels)
	mask := uint32(1)<<opt.Bits - 1
	m := &Model{Labels: slices.Clone(labels), Bits: opt.Bits, FeatureSet: set, L2: l2, bias: make([]float32, nl), w: make([]float32, (int(mask)+1)*nl)}
	runs := max(opt.Average, 1)
	for run := 0; run < runs; run++ {
		w, bias := sgd(tr, opt, nl, len(m.w), l2, opt.Seed+uint64(run))
		for k, x := range w {
			m.w[k] += float32(x / float64(runs))
		}
		for l, x := range bias {
			m.bias[l] += float32(x / float64(runs))
		}
	}
	m.quantize()
	m.Thresholds = make([]float64, nl)
	sumF1 := 0.0
	// Each validation row is scored once, for all labels at a time, not
	// once per label.
	probs := make([][]float64, len(va))
	for i, r := range va {
		probs[i] = m.predict(r.fs, make([]float64, nl))
	}
	for l := range labels {
		var pos, neg []float64
		for i, r := range va {
			p := probs[i][l]
			if r.y[l] {
				pos = append(pos, p)
			} else {
				neg = append(neg, p)
			}
		}
		maxFPR := opt.MaxFPR
		if v, ok := opt.MaxFPRFor[labels[l]]; ok && v > 0 {
			maxFPR = v
		}
		var f1 float64
		m.Thresholds[l], f1 = calibrate(pos, neg, maxFPR)
		sumF1 += f1
	}
	return m, sumF1 / float64(nl)
}

// sgd runs opt.Epochs passes of AdaGrad over tr, shuffled with seed, and
// returns the weights (size entries) and the biases of nl labels.
//
// It is not instrumented by the race detector: it writes only slices it
// makes itself and reads tr, so the detector has nothing to find here,
// and instrumented, its loop made the gate's byte-for-byte retrain check
// (twelve fits) take 16.6 s under -race instead of 3.5 s.
//
//go:norace
func sgd(tr []trainRow, opt TrainOptions, nl, size int, l2 float64, seed uint64) ([]float64, []float64) {
	posW := make([]float64, nl)
	for l := range posW {
		posW[l] = 1
		if !opt.Balance {
			continue
		}
		pos := 0
		for _, r := range tr {
			if r.y[l] {
				pos++
			}
		}
		if pos > 0 {
			posW[l] = min(8, max(1, math.Sqrt(float64(len(tr)-pos)/float64(pos))))
		}
	}
	w := make([]float64, size)
	g2 := make([]float64, size)
	bias := make([]float64, nl)
	bg2 := make([]float64, nl)
	order := make([]int, len(tr))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	z := make([]float64, nl)
	grad := make([]float64, nl)
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			r := tr[i]
			// Every label's score in one pass over the row's features
			// (each feature's weights sit together), then every update:
			// the same sums and the same updates, in the same order, as
			// label by label.
			for l := range z {
				z[l] = bias[l]
			}
			for _, f := range r.fs {
				for l, x := range w[int(f)*nl : int(f)*nl+nl] {
					z[l] += x
				}
			}
			for l := range z {
				g := sigmoid(z[l])
				if r.y[l] {
					g = (g - 1) * posW[l]
				}
				grad[l] = g
				if g != 0 {
					bg2[l] += g * g
					bias[l] -= opt.Rate * g / math.Sqrt(bg2[l]+1e-8)
				}
			}
			for _, f := range r.fs {
				base := int(f) * nl
				for l, g := range grad {
					if g == 0 {
						continue
					}
					k := base + l
					gk := g + l2*w[k]
					g2[k] += gk * gk
					w[k] -= opt.Rate * gk / math.Sqrt(g2[k]+1e-8)
				}
			}
		}
	}
	return w, bias
}

// calibrate picks the threshold with the best F1 whose false-positive
// rate on neg is at most maxFPR, and returns it with that F1; 0.5 (and
// F1 0) when there is nothing to go on.
func calibrate(pos, neg []float64, maxFPR float64) (float64, float64) {
	if len(pos) == 0 {
		return 0.5, 0
	}
	return CalibrateWithin(pos, neg, neg, maxFPR)
}

// CalibrateWithin picks the threshold with the best F1 of the scores pos
// against neg among those flagging at most maxFPR of bound (neg itself,
// or the part of it whose false positives cost most), and returns it,
// rounded to four places, with that F1; 0.99 (and F1 0) when no
// threshold flags a positive within the bound.
func CalibrateWithin(pos, neg, bound []float64, maxFPR float64) (float64, float64) {
	cands := slices.Concat(pos, neg)
	slices.Sort(cands)
	cands = slices.Compact(cands)
	best, bestF1 := 0.99, -1.0
	for _, t := range cands {
		if t < 0.05 {
			continue
		}
		if len(bound) > 0 && float64(countAtLeast(bound, t))/float64(len(bound)) > maxFPR {
			continue
		}
		tp, fp := countAtLeast(pos, t), countAtLeast(neg, t)
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
	return math.Round(best*10000) / 10000, max(bestF1, 0)
}

// countAtLeast counts the scores in xs at or over t.
func countAtLeast(xs []float64, t float64) int {
	n := 0
	for _, x := range xs {
		if x >= t {
			n++
		}
	}
	return n
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

// The file's magic names its version: CBLM1 files carry feature set 1;
// CBLM2 files name their feature set in a byte after the bits.
const (
	modelMagic  = "CBLM1\n"
	modelMagic2 = "CBLM2\n"
)

// maxWeights bounds a model's dense weight table (64 MiB of float32).
const maxWeights = 1 << 24

// WriteTo writes m in its compact file form: a header (labels, bits,
// for feature set 2 the set, the L2 penalty and the data digest,
// thresholds, biases, scale) and the non-zero feature rows as 8-bit weights, delta-coded.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	set := m.featureSet()
	if set == FeatureSetV1 {
		b.WriteString(modelMagic)
	} else {
		b.WriteString(modelMagic2)
	}
	b.WriteString(strings.Join(m.Labels, ",") + "\n")
	b.WriteByte(m.Bits)
	if set != FeatureSetV1 {
		b.WriteByte(set)
		binary.Write(&b, binary.LittleEndian, m.L2)
		b.Write(m.Data[:])
	}
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
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic && string(magic) != modelMagic2 {
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
	m.FeatureSet = FeatureSetV1
	if string(magic) == modelMagic2 {
		if m.FeatureSet, err = br.ReadByte(); err != nil || m.FeatureSet < FeatureSetV2 || m.FeatureSet > FeatureSetV2 {
			return nil, fmt.Errorf("%w: unknown feature set", ErrBadModel)
		}
		if err := binary.Read(br, binary.LittleEndian, &m.L2); err != nil || !(m.L2 >= 0 && m.L2 < 1) {
			return nil, fmt.Errorf("%w: bad L2 penalty", ErrBadModel)
		}
		if _, err := io.ReadFull(br, m.Data[:]); err != nil {
			return nil, fmt.Errorf("%w: short header", ErrBadModel)
		}
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

// WeightDiff compares m's weights with o's, bucket for bucket, in steps of
// m's 8-bit grid: it returns how many differ at all and how many by more
// than one step; -1, -1 when the two models' shapes differ.
func (m *Model) WeightDiff(o *Model) (differing, overOneStep int) {
	if len(m.w) != len(o.w) || len(m.bias) != len(o.bias) {
		return -1, -1
	}
	scale := m.scale()
	for k, x := range m.w {
		d := math.Abs(float64(x-o.w[k])) / scale
		if d > 1e-6 {
			differing++
		}
		if d > 1+1e-6 {
			overOneStep++
		}
	}
	return differing, overOneStep
}
