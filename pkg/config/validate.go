package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/escalation"
)

// RangeError reports a setting outside the values that work; Key is its
// YAML path ("guard.threshold").
type RangeError struct {
	Key  string
	Want string
	Got  string
}

// Error returns "guard.threshold is 2: want ...".
func (e *RangeError) Error() string {
	if e.Got == "" {
		return fmt.Sprintf("%s: want %s", e.Key, e.Want)
	}
	return fmt.Sprintf("%s is %s: want %s", e.Key, e.Got, e.Want)
}

// Escalation categories that must always reach a person: a config that
// routed them to a model (or nowhere) would turn a safety rule off.
var alwaysHuman = escalation.AlwaysHumanNames()

// Categories are the escalation categories the config may name, from
// handoff's category table.
var Categories = escalation.ConfigurableNames()

// Validate reports every setting that cannot work or that would quietly
// switch a safety feature off, joined into one error (nil when all is well).
// Each is a *RangeError naming the key and the range that works.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, want string, got any) {
		errs = append(errs, &RangeError{Key: key, Want: want, Got: fmt.Sprint(got)})
	}
	floatIn := func(key string, v, lo, hi float64, want string) {
		if v < lo || v > hi {
			bad(key, want, v)
		}
	}
	intIn := func(key string, v, lo, hi int) {
		if v < lo || v > hi {
			bad(key, fmt.Sprintf("a whole number from %d to %d", lo, hi), v)
		}
	}
	durIn := func(key string, v Duration, lo, hi time.Duration) {
		if d := v.D(); d < lo || d > hi {
			bad(key, fmt.Sprintf("a duration from %s to %s", lo, hi), d)
		}
	}

	for _, r := range c.Models.Roles() {
		if strings.TrimSpace(r.Model) == "" {
			errs = append(errs, &RangeError{Key: "models." + r.Name, Want: "a model name"})
		}
	}

	// Every call to Ollama must have a deadline: zero or "forever" would
	// let a stalled server hang the counter.
	durIn("ollama.request_timeout", c.Ollama.RequestTimeout, time.Second, time.Hour)
	durIn("ollama.idle_timeout", c.Ollama.IdleTimeout, time.Second, time.Hour)
	if c.Ollama.IdleTimeout > c.Ollama.RequestTimeout && c.Ollama.RequestTimeout > 0 {
		bad("ollama.idle_timeout", "at most ollama.request_timeout ("+c.Ollama.RequestTimeout.D().String()+")", c.Ollama.IdleTimeout.D())
	}
	if d := c.Ollama.KeepAlive.D(); d != -1 && d < 0 {
		bad("ollama.keep_alive", "a duration, 0, or -1 for always", d)
	}

	intIn("retrieval.top_k", c.Retrieval.TopK, 1, 50)
	// Relevance is on a 0–1 scale; above 1 every question is refused.
	floatIn("retrieval.min_score", c.Retrieval.MinScore, 0, 0.95, "a relevance from 0 to 0.95 (higher refuses every question)")
	if c.Retrieval.Fusion != "rrf" && c.Retrieval.Fusion != "score" {
		errs = append(errs, &RangeError{Key: "retrieval.fusion", Want: "rrf or score", Got: fmt.Sprintf("%q", c.Retrieval.Fusion)})
	}
	intIn("retrieval.chunk_chars", c.Retrieval.ChunkChars, 200, 20000)
	if c.Retrieval.ChunkOverlap < 0 || c.Retrieval.ChunkOverlap > c.Retrieval.ChunkChars/2 {
		bad("retrieval.chunk_overlap", fmt.Sprintf("from 0 to half of chunk_chars (%d)", c.Retrieval.ChunkChars/2), c.Retrieval.ChunkOverlap)
	}
	intIn("retrieval.embed_batch", c.Retrieval.EmbedBatch, 1, 512)
	intIn("retrieval.embed_concurrency", c.Retrieval.EmbedConcurrency, 1, 16)

	floatIn("gate.unsure_below", c.Gate.UnsureBelow, 0, 1, "a confidence from 0 to 1")

	// The guard flags a message when a category's score reaches the
	// threshold; scores top out at 1, so a threshold above that (or near
	// it) turns the guard off, and one near 0 flags every message.
	floatIn("guard.threshold", c.Guard.Threshold, 0.1, 0.95, "a score from 0.1 to 0.95 (above that the guard flags nothing)")
	durIn("guard.timeout", c.Guard.Timeout, 100*time.Millisecond, 2*time.Minute)
	floatIn("guard.frustration_escalate", c.Guard.FrustrationEscalate, 0.1, 1, "a frustration score from 0.1 to 1")

	for _, cat := range append(slices.Clone(c.Escalation.ToHuman), c.Escalation.ToModel...) {
		if !slices.Contains(Categories, cat) {
			bad("escalation", "categories among "+strings.Join(Categories, ", "), fmt.Sprintf("%q", cat))
		}
	}
	for _, cat := range alwaysHuman {
		if !slices.Contains(c.Escalation.ToHuman, cat) {
			errs = append(errs, &RangeError{Key: "escalation.to_human", Want: "a list that includes " + strings.Join(alwaysHuman, ", ") + " (these always go to a person)"})
			break
		}
	}
	for _, cat := range alwaysHuman {
		if slices.Contains(c.Escalation.ToModel, cat) {
			bad("escalation.to_model", "no "+strings.Join(alwaysHuman, ", ")+" (these never go to a model)", cat)
		}
	}

	floatIn("refunds.manager_threshold", c.Refunds.ManagerThreshold, 0, 10000, "an amount from 0 to 10000")
	intIn("refunds.window_days", c.Refunds.WindowDays, 1, 365)
	intIn("loyalty.points_per_dollar", c.Loyalty.PointsPerDollar, 0, 1000)
	for amount, bonus := range c.Loyalty.TopUpBonus {
		if amount <= 0 || bonus < 0 || bonus > 100000 {
			bad("loyalty.top_up_bonus", "positive top-up amounts mapped to bonuses from 0 to 100000", fmt.Sprintf("%d: %d", amount, bonus))
		}
	}
	intIn("catering.notice_hours", c.Catering.NoticeHours, 0, 24*30)
	intIn("catering.min_headcount", c.Catering.MinHeadcount, 1, 10000)
	if c.Catering.MaxHeadcount < c.Catering.MinHeadcount || c.Catering.MaxHeadcount > 10000 {
		bad("catering.max_headcount", fmt.Sprintf("from min_headcount (%d) to 10000", c.Catering.MinHeadcount), c.Catering.MaxHeadcount)
	}
	floatIn("catering.min_spend", c.Catering.MinSpend, 0, 100000, "an amount from 0 to 100000")
	intIn("catering.free_cancel_hours", c.Catering.FreeCancelHours, 0, 24*60)
	floatIn("catering.late_cancel_fee_pct", c.Catering.LateCancelFeePct, 0, 100, "a percentage from 0 to 100")

	// Each area's own checks, kept beside the settings they guard.
	errs = append(errs, c.validateGuardModel()...)
	errs = append(errs, c.validateCrisisLine()...)
	errs = append(errs, c.validateIngest()...)
	errs = append(errs, c.validateNotify()...)
	errs = append(errs, c.validateServer()...)
	errs = append(errs, c.validateToolsSecurity()...)
	errs = append(errs, c.validateLocations()...)
	errs = append(errs, c.validateDatabase()...)
	return errors.Join(errs...)
}

// resolvePaths makes the file paths a config file names relative to that
// file's folder, as a person writing `rules_file: rules.yaml` next to it
// means, not to wherever cafebot happens to be started.
func (c *Config) resolvePaths(dir string) {
	for _, p := range []*string{&c.Gate.RulesFile, &c.Retrieval.SynonymsFile} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
}
