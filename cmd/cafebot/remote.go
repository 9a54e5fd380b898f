package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/tui"
)

// The commands that can run through `cafebot serve` take --server; without
// it CAFEBOT_SERVER, then server.url name the server, and with none of
// them they run in-process.

// addServerFlag registers --server on cmd.
func addServerFlag(cmd *cobra.Command) {
	cmd.Flags().String("server", "", `use the cafebot server at this URL (default CAFEBOT_SERVER, then server.url; --server "" runs in-process)`)
}

// remoteClient returns the client for the server cmd should use, or nil
// to run in-process.
func remoteClient(cmd *cobra.Command, app *App) (*client.Client, error) {
	cfg := app.Config()
	url := cfg.Server.URL
	if f := cmd.Flags().Lookup("server"); f != nil && f.Changed {
		url = f.Value.String()
	}
	if strings.TrimSpace(url) == "" {
		return nil, nil
	}
	c, err := client.New(url, string(cfg.Server.Token), nil)
	if err != nil {
		return nil, &usageError{err: err, usage: cmd.UseLine()}
	}
	c.RequestTimeout = cfg.Ollama.RequestTimeout.D()
	return c, nil
}

// remoteErr turns a server's error into the CLI's one line and hint.
func remoteErr(c *client.Client, err error) error {
	var se *client.StatusError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		return withHint(errors.New(se.Error()), se.Hint)
	case errors.Is(err, client.ErrUnreachable):
		return withHint(err, "start it with `cafebot serve`, or answer in-process with --server \"\" (or unset CAFEBOT_SERVER / server.url)")
	}
	return err
}

// askRemote runs `ask` through the server when one is named; done reports
// whether it did.
func askRemote(cmd *cobra.Command, app *App, q string, opt askOptions) (done bool, err error) {
	c, err := remoteClient(cmd, app)
	if c == nil || err != nil {
		return err != nil, err
	}
	ctx := cmd.Context()
	var streamed strings.Builder
	ans, err := c.Ask(ctx, client.AskRequest{Question: q, Customer: opt.Customer, Location: opt.Location, Strategy: opt.Strategy}, func(e client.Event) error {
		if !opt.JSON && e.Kind == client.EventToken {
			streamed.WriteString(e.Text)
			fmt.Fprint(app.Out, e.Text)
		}
		return nil
	})
	if err != nil {
		if streamed.Len() > 0 {
			fmt.Fprintln(app.Out)
		}
		return true, remoteErr(c, err)
	}
	if opt.JSON {
		return true, writeJSON(app.Out, ans)
	}
	printAnswerTail(app.Out, ans, streamed.String())
	if opt.Explain {
		fmt.Fprintln(app.Out, "\nWhy:")
		fmt.Fprintf(app.Out, "  - answered by the cafebot server at %s\n", c.URL())
		for _, e := range ans.Explanation {
			fmt.Fprintf(app.Out, "  - %s\n", e)
		}
	}
	if ans.Notice != "" {
		app.notice("note: %s", ans.Notice)
	}
	return true, nil
}

// classifyRemote runs `classify` through the server when one is named;
// --eval measures the gate in-process.
func classifyRemote(cmd *cobra.Command, app *App, args []string, opt *classifyOptions) (done bool, err error) {
	if opt.Eval != "" {
		return false, nil
	}
	c, err := remoteClient(cmd, app)
	if c == nil || err != nil {
		return err != nil, err
	}
	ctx := cmd.Context()
	if len(args) == 0 {
		return true, classifyLinesRemote(ctx, c, app.In, app.Out)
	}
	d, err := c.Classify(ctx, client.ClassifyRequest{Text: args[0], Explain: opt.Explain})
	if err != nil {
		return true, remoteErr(c, err)
	}
	if opt.JSON {
		return true, json.NewEncoder(app.Out).Encode(d)
	}
	writeDecision(app.Out, d.Decision)
	if opt.Explain {
		explainDecision(app.Out, analysis.Of(args[0]), d.Decision)
		fmt.Fprintf(app.Out, "answered by the cafebot server at %s\n", c.URL())
	}
	return true, nil
}

// classifyLinesRemote is gate.ClassifyLines through the server: one JSON
// line per non-empty input line, written as soon as it is answered.
func classifyLinesRemote(ctx context.Context, c *client.Client, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		d, err := c.Classify(ctx, client.ClassifyRequest{Text: text})
		if err != nil {
			return remoteErr(c, fmt.Errorf("line %d: %w", line, err))
		}
		// The fields gate.ClassifyLines writes; a test keeps them equal.
		if err := enc.Encode(struct {
			Text       string      `json:"text"`
			Intent     gate.Intent `json:"intent"`
			Confidence float64     `json:"confidence"`
			Cues       []string    `json:"cues"`
			Unsure     bool        `json:"unsure"`
			Category   string      `json:"category,omitempty"`
			Sub        string      `json:"sub,omitempty"`
		}{text, d.Intent, d.Confidence, d.Cues, d.Unsure, d.Category, d.Sub}); err != nil {
			return fmt.Errorf("write decision for line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read messages (line %d): %w", line+1, err)
	}
	return nil
}

// chatRemote runs `chat` over a session held by the server when one is
// named. --list reads the saved conversations in-process.
func chatRemote(cmd *cobra.Command, app *App, opt chatOptions) (done bool, err error) {
	if opt.List {
		return false, nil
	}
	c, err := remoteClient(cmd, app)
	if c == nil || err != nil {
		return err != nil, err
	}
	ctx := cmd.Context()
	req := client.SessionRequest{Customer: opt.Customer, Location: opt.Location}
	if opt.Resume != "" {
		if req.Resume, err = parseConversationID(opt.Resume); err != nil {
			return true, err
		}
	}
	s, err := c.StartSession(ctx, req)
	if err != nil {
		return true, remoteErr(c, err)
	}
	defer s.Close(context.WithoutCancel(ctx))
	app.notice("chat: answered by the cafebot server at %s", c.URL())
	if !app.StdoutIsTTY() {
		err = tui.RunPlain(ctx, s, app.In, app.Out)
	} else {
		err = tui.Run(ctx, s, serverHealth{c}, tui.Options{
			Dark:    lipgloss.HasDarkBackground(),
			NoColor: os.Getenv("NO_COLOR") != "",
			In:      app.In,
			Out:     app.Out,
		})
	}
	if id := s.ID(); id != 0 {
		app.notice("conversation %d saved; continue it with `cafebot chat --resume %d`", id, id)
	}
	return true, remoteErr(c, err)
}

var _ tui.Session = (*client.Session)(nil)

// serverHealth pings the cafebot server for the chat's status bar.
type serverHealth struct{ c *client.Client }

func (h serverHealth) Ping(ctx context.Context) error {
	_, err := h.c.Health(ctx)
	return err
}

// remoteSearch is `search` through the server.
func remoteSearch(ctx context.Context, c *client.Client, q string, opt searchOptions) (client.SearchResponse, error) {
	res, err := c.Search(ctx, client.SearchRequest{Query: q, K: opt.K, Location: opt.Location})
	return res, remoteErr(c, err)
}
