// Package config holds cafebot's one configuration struct: defaults, then
// the YAML file, then CAFEBOT_* environment variables, then flags (applied
// by the CLI). `cafebot config show` prints the result.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the effective configuration of one cafebot process.
type Config struct {
	// Home is where cafebot keeps its index, database and logs.
	Home string `yaml:"-" json:"home"`
	// File is the configuration file that was read, if any.
	File string `yaml:"-" json:"file"`

	Ollama     Ollama     `yaml:"ollama" json:"ollama"`
	Models     Models     `yaml:"models" json:"models"`
	Retrieval  Retrieval  `yaml:"retrieval" json:"retrieval"`
	Gate       Gate       `yaml:"gate" json:"gate"`
	Guard      Guard      `yaml:"guard" json:"guard"`
	Escalation Escalation `yaml:"escalation" json:"escalation"`
	Refunds    Refunds    `yaml:"refunds" json:"refunds"`
	Loyalty    Loyalty    `yaml:"loyalty" json:"loyalty"`
	Catering   Catering   `yaml:"catering" json:"catering"`
	Tools      Tools      `yaml:"tools" json:"tools"`
	Security   Security   `yaml:"security" json:"security"`
	Server     Server     `yaml:"server" json:"server"`
	Notify     Notify     `yaml:"notify" json:"notify"`
	Chat       Chat       `yaml:"chat" json:"chat"`
	Store      Store      `yaml:"store" json:"store"`
	Locations  Locations  `yaml:"locations" json:"locations"`
	Database   Database   `yaml:"database" json:"database"`
}

// Database names the system of record for accounts, tickets and
// conversations. With no URL it is the SQLite file under the home (the
// default: nothing to install); a postgres:// URL names the PostgreSQL
// server a chain's stores share (CAFEBOT_DATABASE_URL wins).
type Database struct {
	// URL is "" for the local SQLite file, or
	// postgres://USER:PASSWORD@HOST:5432/DBNAME for a shared server.
	URL DatabaseURL `yaml:"url" json:"url"`
	// MaxConns caps this cafebot's connections to the server (1–100).
	MaxConns int `yaml:"max_conns" json:"max_conns"`
	// ConnTimeout bounds one connection attempt, and so how long an
	// unreachable server holds up an answer before the store works offline
	// (100ms–1m).
	ConnTimeout Duration `yaml:"conn_timeout" json:"conn_timeout"`
}

// DatabaseURL is a database URL; it prints with its password masked.
type DatabaseURL string

// MarshalYAML writes the URL with its password masked.
func (u DatabaseURL) MarshalYAML() (any, error) { return u.Masked(), nil }

// MarshalJSON writes the URL with its password masked.
func (u DatabaseURL) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(u.Masked())), nil }

// Masked returns the URL with any password replaced by "xxxxx".
func (u DatabaseURL) Masked() string {
	s := string(u)
	scheme, at := strings.Index(s, "://"), strings.LastIndex(s, "@")
	if scheme < 0 || at < scheme {
		return s
	}
	if i := strings.Index(s[scheme+3:at], ":"); i >= 0 {
		return s[:scheme+3+i] + ":xxxxx" + s[at:]
	}
	return s
}

// Store says which of the chain's locations this terminal stands in.
type Store struct {
	// Location is this terminal's own location (as the documents name it,
	// e.g. "Elm Road"): the scope of a question that names no location.
	// "" answers for the whole chain.
	Location string `yaml:"location" json:"location"`
	// ID is this store's short id in a chain ("elm-road"), written on
	// every ticket, conversation and audit row it makes; "" for a single
	// café.
	ID string `yaml:"id" json:"id"`
	// Name is the store's name as staff see it ("Elm Road").
	Name string `yaml:"name" json:"name"`
}

// Locations holds more names for the chain's locations.
type Locations struct {
	// Aliases maps a location to other ways customers name it
	// ("Riverside Campus": ["the campus one", "halden hall"]), on top of
	// its full name, "St"/"Rd" spellings and its distinctive words, which
	// are known without configuration.
	Aliases map[string][]string `yaml:"aliases" json:"aliases,omitempty"`
}

// Notify says how staff hear about urgent and high handoff tickets; with
// neither a command nor a webhook nobody is notified. Delivery runs in the
// background and never holds up or loses a ticket.
type Notify struct {
	// Command runs with /bin/sh -c per ticket: the ticket's JSON on stdin,
	// CAFEBOT_TICKET_ID, _NUMBER, _PRIORITY, _CATEGORY, _REASON and
	// _CUSTOMER in the environment.
	Command string `yaml:"command" json:"command"`
	// Webhook is an http(s) URL that receives a JSON POST per ticket.
	Webhook string `yaml:"webhook" json:"webhook"`
	// Retries is the extra attempts per channel after a failure (0..10).
	Retries int `yaml:"retries" json:"retries"`
	// Timeout bounds all attempts for one ticket (1s..5m).
	Timeout Duration `yaml:"timeout" json:"timeout"`
}

// Chat tunes the terminal UI of `cafebot chat`.
type Chat struct {
	// Mouse turns on mouse capture (wheel scrolling). Off by default, so
	// the terminal's own text selection works for copying.
	Mouse bool `yaml:"mouse" json:"mouse"`
}

// Ollama says where the server is and how cafebot uses it.
type Ollama struct {
	URL string `yaml:"url" json:"url"`
	// KeepAlive keeps the small models (FAQ, tools, embedding, guard)
	// resident between questions; the escalation model is never preloaded.
	KeepAlive Duration `yaml:"keep_alive" json:"keep_alive"`
	// RequestTimeout bounds one whole model call, from the request to the
	// last token.
	RequestTimeout Duration `yaml:"request_timeout" json:"request_timeout"`
	// IdleTimeout bounds the wait for a stream's first token and the gaps
	// between tokens, and the whole of a status call: a stalled server is
	// given up on well before RequestTimeout.
	IdleTimeout Duration `yaml:"idle_timeout" json:"idle_timeout"`
	// Hosts names, per role (faq, tools, escalation, guard, embedding),
	// the Ollama servers that serve it, tried in order with failover; a
	// role not named here uses URL. A chain puts its escalation model on one GPU machine:
	// escalation: [http://gpu-box:11434].
	Hosts map[string][]string `yaml:"hosts" json:"hosts"`
}

// Models maps each role to an Ollama model name. Defaults match models/.
type Models struct {
	FAQ        string `yaml:"faq" json:"faq"`
	Tools      string `yaml:"tools" json:"tools"`
	Escalation string `yaml:"escalation" json:"escalation"`
	Guard      string `yaml:"guard" json:"guard"`
	Embedding  string `yaml:"embedding" json:"embedding"`
}

// Roles returns the role → model pairs in a fixed order.
func (m Models) Roles() []Role {
	return []Role{
		{"faq", m.FAQ}, {"tools", m.Tools}, {"escalation", m.Escalation},
		{"guard", m.Guard}, {"embedding", m.Embedding},
	}
}

// Role is one model role and the model that plays it.
type Role struct {
	Name  string `json:"role"`
	Model string `json:"model"`
}

// Retrieval tunes chunking and search.
type Retrieval struct {
	TopK int `yaml:"top_k" json:"top_k"`
	// MinScore is the relevance threshold below which the FAQ route does not
	// ask a model to answer. It applies to the best hit's Relevance (0..1);
	// 0.40 passes all golden questions and rejects 25 of 30 off-topic ones.
	MinScore float64 `yaml:"min_score" json:"min_score"`
	// Fusion is "score" (normalised-score fusion, which beat RRF on the
	// golden questions: MRR 0.94 vs 0.90) or "rrf" (reciprocal rank fusion).
	Fusion           string `yaml:"fusion" json:"fusion"`
	ChunkChars       int    `yaml:"chunk_chars" json:"chunk_chars"`
	ChunkOverlap     int    `yaml:"chunk_overlap" json:"chunk_overlap"`
	EmbedBatch       int    `yaml:"embed_batch" json:"embed_batch"`
	EmbedConcurrency int    `yaml:"embed_concurrency" json:"embed_concurrency"`
	// MaxChunksPerFile caps the chunks one ingested file may give; the rest
	// of a bigger file (a million-row export) is left out with a notice.
	MaxChunksPerFile int `yaml:"max_chunks_per_file" json:"max_chunks_per_file"`
	// SynonymsFile replaces the bundled search synonyms (GF → gluten-free
	// and the like) when set, or extends them when it holds the line
	// "include defaults"; see `cafebot search --help`.
	SynonymsFile string `yaml:"synonyms_file" json:"synonyms_file"`
}

// Gate tunes the intent gate.
type Gate struct {
	// RulesFile replaces the bundled rules when set.
	RulesFile string `yaml:"rules_file" json:"rules_file"`
	// UnsureBelow: decisions with lower confidence go the FAQ route.
	UnsureBelow float64 `yaml:"unsure_below" json:"unsure_below"`
}

// Guard tunes the safety guard.
type Guard struct {
	// ModelEnabled turns on the Llama Guard style model after the built-in layer.
	ModelEnabled bool `yaml:"model_enabled" json:"model_enabled"`
	// Model says when the guard model runs: "auto" (the default) when
	// Ollama has it (as `cafebot models status` finds it), "on" always,
	// "off" never. model_enabled true means "on".
	Model string `yaml:"model" json:"model"`
	// DraftTimeout bounds the guard model's check of a draft reply, which
	// the customer waits for; past it the built-in verdict stands.
	DraftTimeout Duration `yaml:"draft_timeout" json:"draft_timeout"`
	Timeout      Duration `yaml:"timeout" json:"timeout"`
	// Threshold is the built-in score at or above which a text is flagged.
	Threshold float64 `yaml:"threshold" json:"threshold"`
	// FrustrationEscalate escalates when the frustration score reaches it.
	FrustrationEscalate float64 `yaml:"frustration_escalate" json:"frustration_escalate"`
	// CrisisLine is the sentence every self-harm reply carries: where to
	// call or text for help now. Set it to the café's country's line.
	CrisisLine string `yaml:"crisis_line" json:"crisis_line"`
}

// Escalation decides who takes over hard cases.
type Escalation struct {
	// ToHuman lists the cases that go straight to a person.
	ToHuman []string `yaml:"to_human" json:"to_human"`
	// ToModel lists the cases the large model tries first.
	ToModel []string `yaml:"to_model" json:"to_model"`
	// ModelAnalysis has the (resident) FAQ model write the briefing on a
	// handoff ticket, above the facts cafebot checked itself. Urgent and
	// abusive cases never wait for it, and flagged text never reaches it.
	ModelAnalysis bool `yaml:"model_analysis" json:"model_analysis"`
}

// Refunds holds the refund rules the tools enforce.
type Refunds struct {
	// ManagerThreshold: refunds above this many dollars need a manager.
	ManagerThreshold float64 `yaml:"manager_threshold" json:"manager_threshold"`
	// WindowDays: refunds are accepted this many days after the order.
	WindowDays int `yaml:"window_days" json:"window_days"`
}

// Loyalty holds the loyalty rules the tools enforce.
type Loyalty struct {
	PointsPerDollar int `yaml:"points_per_dollar" json:"points_per_dollar"`
	// TopUpBonus maps a card top-up amount in whole dollars to bonus points.
	TopUpBonus map[int]int `yaml:"top_up_bonus" json:"top_up_bonus"`
}

// Catering holds the catering rules the tools enforce.
type Catering struct {
	NoticeHours  int     `yaml:"notice_hours" json:"notice_hours"`
	MinHeadcount int     `yaml:"min_headcount" json:"min_headcount"`
	MaxHeadcount int     `yaml:"max_headcount" json:"max_headcount"`
	MinSpend     float64 `yaml:"min_spend" json:"min_spend"`
	// FreeCancelHours: cancelling earlier than this before the event is free.
	FreeCancelHours int `yaml:"free_cancel_hours" json:"free_cancel_hours"`
	// LateCancelFeePct is charged on the order total for later cancellations.
	LateCancelFeePct float64 `yaml:"late_cancel_fee_pct" json:"late_cancel_fee_pct"`
}

// Tools bounds the tool-calling loop, so a model (or an attacker steering
// it) cannot make unbounded account calls in one turn.
type Tools struct {
	// MaxCallsPerRound is how many tool calls of one model round run; the
	// rest are not executed and are reported back as skipped.
	MaxCallsPerRound int `yaml:"max_calls_per_round" json:"max_calls_per_round"`
	// MaxRounds is how many model calls one customer message may take.
	MaxRounds int `yaml:"max_rounds" json:"max_rounds"`
}

// Security holds the optional checks on account writes.
type Security struct {
	// SecondFactor lists the account writes that need a second factor (the
	// last four digits of a card on file, or the account email) on top of
	// the phone number: any of "refund", "catering", "credit". Empty, the
	// default, asks for none.
	SecondFactor []string `yaml:"second_factor" json:"second_factor"`
	// SecondFactorTries is how many wrong answers a session may give
	// before the assistant stops asking and suggests staff.
	SecondFactorTries int `yaml:"second_factor_tries" json:"second_factor_tries"`
}

// Server configures `cafebot serve` and the commands that use it.
type Server struct {
	// URL is the cafebot server that ask, chat, search and classify use
	// (CAFEBOT_SERVER wins); "" runs them in-process.
	URL string `yaml:"url" json:"url"`
	// Addr is where `cafebot serve` listens unless --addr says otherwise.
	// Any address but loopback requires Token.
	Addr string `yaml:"addr" json:"addr"`
	// Token is the bearer token this terminal sends to the server
	// (CAFEBOT_SERVER_TOKEN wins) and one the server accepts.
	Token Secret `yaml:"token" json:"token"`
	// Tokens are further terminal tokens the server accepts, one per
	// terminal, so one terminal cannot reach another's sessions.
	Tokens []Secret `yaml:"tokens" json:"tokens"`
	// StaffToken reaches every session and ticket on the server.
	StaffToken Secret `yaml:"staff_token" json:"staff_token"`
}

// Secret is a credential: it reads from YAML as a string but prints as
// "(set)" so `config show` never reveals it.
type Secret string

// MarshalYAML hides the value.
func (s Secret) MarshalYAML() (any, error) { return s.masked(), nil }

// MarshalJSON hides the value.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(s.masked())), nil }

func (s Secret) masked() string {
	if s == "" {
		return ""
	}
	return "(set)"
}

// DefaultServerAddr is where `cafebot serve` listens by default: loopback
// only, next to Ollama's 11434.
const DefaultServerAddr = "127.0.0.1:11435"

// DefaultCrisisLine is the US crisis line the self-harm reply gives unless
// guard.crisis_line says otherwise.
const DefaultCrisisLine = "In the US you can call or text 988 (Suicide & Crisis Lifeline) any time to talk with someone, and if you are in immediate danger please call 911."

// Default returns the configuration used when no file sets anything.
func Default() Config {
	return Config{
		Ollama: Ollama{
			KeepAlive:      Duration(30 * time.Minute),
			RequestTimeout: Duration(2 * time.Minute),
			IdleTimeout:    Duration(time.Minute),
		},
		Models: Models{
			FAQ:        "cafebot-faq",
			Tools:      "cafebot-tools",
			Escalation: "cafebot-escalation",
			Guard:      "cafebot-guard",
			Embedding:  "cafebot-embed",
		},
		Retrieval: Retrieval{
			TopK: 4, MinScore: 0.40, Fusion: "score",
			ChunkChars: 1200, ChunkOverlap: 150,
			EmbedBatch: 32, EmbedConcurrency: 2,
			MaxChunksPerFile: 5000,
		},
		Gate:  Gate{UnsureBelow: 0.45},
		Guard: Guard{Model: "auto", DraftTimeout: Duration(3 * time.Second), Timeout: Duration(10 * time.Second), Threshold: 0.5, FrustrationEscalate: 0.7, CrisisLine: DefaultCrisisLine},
		Escalation: Escalation{
			ToHuman:       []string{"safety", "legal", "threat", "abuse", "harassment", "discrimination", "human_request", "self_harm"},
			ToModel:       []string{"multi_issue", "tool_failure"},
			ModelAnalysis: true,
		},
		Refunds: Refunds{ManagerThreshold: 50, WindowDays: 14},
		Loyalty: Loyalty{PointsPerDollar: 10, TopUpBonus: map[int]int{20: 40, 50: 120, 100: 300}},
		Catering: Catering{
			NoticeHours: 48, MinHeadcount: 10, MaxHeadcount: 150, MinSpend: 150,
			FreeCancelHours: 72, LateCancelFeePct: 50,
		},
		Tools:    Tools{MaxCallsPerRound: 8, MaxRounds: 4},
		Notify:   Notify{Retries: 3, Timeout: Duration(30 * time.Second)},
		Security: Security{SecondFactorTries: 3},
		Server:   Server{Addr: DefaultServerAddr},
		Database: Database{MaxConns: 10, ConnTimeout: Duration(5 * time.Second)},
	}
}

// DefaultHome returns $CAFEBOT_HOME, else the XDG data dir.
func DefaultHome() string {
	if h := os.Getenv("CAFEBOT_HOME"); h != "" {
		return h
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "cafebot")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "cafebot")
	}
	return ".cafebot"
}

// EnvVars lists the environment variables Load reads, for --help.
var EnvVars = []struct{ Name, Help string }{
	{"CAFEBOT_HOME", "data directory (index, database, logs)"},
	{"CAFEBOT_CONFIG", "configuration file (default $CAFEBOT_HOME/config.yaml)"},
	{"OLLAMA_HOST", "Ollama server address, as the ollama CLI reads it"},
	{"CAFEBOT_OLLAMA_URL", "Ollama server address (wins over OLLAMA_HOST)"},
	{"CAFEBOT_MODEL_FAQ", "model for the FAQ role"},
	{"CAFEBOT_MODEL_TOOLS", "model for the tools role"},
	{"CAFEBOT_MODEL_ESCALATION", "model for the escalation role"},
	{"CAFEBOT_MODEL_GUARD", "model for the guard role"},
	{"CAFEBOT_MODEL_EMBEDDING", "model for the embedding role"},
	{"CAFEBOT_GUARD_MODEL", "true/false: use the guard model after the built-in guard"},
	{"CAFEBOT_SERVER", "cafebot server URL for ask, chat, search, classify (wins over server.url)"},
	{"CAFEBOT_SERVER_TOKEN", "token sent to the cafebot server (wins over server.token)"},
	{"CAFEBOT_STORE_LOCATION", "this terminal's location, the default search scope (wins over store.location)"},
	{"CAFEBOT_DATABASE_URL", "postgres://... of the chain's shared database (wins over database.url; unset: the local SQLite file)"},
}

// Load returns the defaults overlaid with the YAML file at path (a missing
// file is fine when mustExist is false) and then the environment.
func Load(home, path string, mustExist bool) (Config, error) {
	cfg := Default()
	cfg.Home = home
	if path == "" {
		path = filepath.Join(home, "config.yaml")
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && !mustExist:
	case err != nil:
		return cfg, fmt.Errorf("read config %s: %w", path, err)
	default:
		if err := Decode(bytes.NewReader(data), &cfg); err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
		cfg.File = path
		cfg.resolvePaths(filepath.Dir(path))
	}
	if err := cfg.applyEnv(os.Getenv); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// Decode overlays YAML onto cfg, rejecting unknown keys so a typo in the
// file is an error with its line rather than a silently ignored setting.
func Decode(r io.Reader, cfg *Config) error {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

func (c *Config) applyEnv(getenv func(string) string) error {
	set := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	if c.Ollama.URL == "" {
		set(&c.Ollama.URL, "OLLAMA_HOST")
	}
	set(&c.Ollama.URL, "CAFEBOT_OLLAMA_URL")
	set(&c.Models.FAQ, "CAFEBOT_MODEL_FAQ")
	set(&c.Models.Tools, "CAFEBOT_MODEL_TOOLS")
	set(&c.Models.Escalation, "CAFEBOT_MODEL_ESCALATION")
	set(&c.Models.Guard, "CAFEBOT_MODEL_GUARD")
	set(&c.Models.Embedding, "CAFEBOT_MODEL_EMBEDDING")
	set(&c.Server.URL, "CAFEBOT_SERVER")
	set(&c.Store.Location, "CAFEBOT_STORE_LOCATION")
	if v := getenv("CAFEBOT_DATABASE_URL"); v != "" {
		c.Database.URL = DatabaseURL(v)
	}
	if v := getenv("CAFEBOT_SERVER_TOKEN"); v != "" {
		c.Server.Token = Secret(v)
	}
	if v := getenv("CAFEBOT_GUARD_MODEL"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("CAFEBOT_GUARD_MODEL=%q: want true or false", v)
		}
		c.Guard.ModelEnabled = b
	}
	return nil
}

// Duration is a time.Duration written as "30m" in YAML and JSON.
type Duration time.Duration

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// MarshalYAML writes the duration as text.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// UnmarshalYAML reads "30m", "-1" (forever) or "0".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = v
	return nil
}

// MarshalJSON writes the duration as text.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(time.Duration(d).String())), nil
}

func parseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 {
			return Duration(-1), nil
		}
		return Duration(time.Duration(n) * time.Second), nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: want e.g. 30s, 5m or -1", s)
	}
	return Duration(v), nil
}
