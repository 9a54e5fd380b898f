package tui

import (
	"strings"
	"unicode"
)

// command is one parsed slash command.
type command struct {
	Name string // lower case, without the slash
	Arg  string // the rest of the line, trimmed
}

// parseCommand reads a slash command from one input line. Only a line whose
// first character is "/" is a command, so a message may start with " /" to
// be sent as text.
func parseCommand(line string) (command, bool) {
	if !strings.HasPrefix(line, "/") {
		return command{}, false
	}
	rest := strings.TrimSpace(line[1:])
	name, arg := rest, ""
	if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
		name, arg = rest[:i], rest[i:]
	}
	return command{Name: strings.ToLower(name), Arg: strings.TrimSpace(arg)}, true
}

// commandHelp is one line of /help: the usage and what the command does.
type commandHelp struct {
	Usage string
	Desc  string
}

// commandList is the help text of every slash command, in /help order.
var commandList = []commandHelp{
	{"/customer PHONE_OR_ID", "bind a customer (another one starts a new conversation)"},
	{"/new", "start a new conversation (unbinds the customer)"},
	{"/sources", "show or hide the sources under answers"},
	{"/explain", "why the last answer took its route"},
	{"/copy", "copy the last answer to the clipboard"},
	{"/handoff [reason]", "hand the conversation to a person now"},
	{"/help", "this list"},
	{"/quit", "leave the chat"},
}
