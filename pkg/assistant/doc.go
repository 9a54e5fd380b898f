// Package assistant is cafebot's pipeline for one customer message:
//
//	analysis → guard(input) → intent gate → route → draft → finish → answer
//
// Every route returns a typed draft (text, sources, this turn's tool
// results, a handoff request with a typed category); one finish step
// guards the draft, checks that a reply speaking for the account states
// only what this turn's tools returned and claims only what they did,
// files the ticket a handoff needs before anything else, and builds the
// Answer once. A self-harm signal always wins: a caring reply with the
// configured crisis line and an urgent ticket.
//
// The routes are FAQ (small model + retrieval, cites sources),
// transactional (tool model + tools bound to the verified customer),
// complaint (small model + policy, empathetic prompt) and escalation (the
// large model or a person). Every Answer records why it went where it went:
// intent, route, model, sources, tool calls and timings.
//
// A Session wraps the pipeline for a conversation: history, the bound
// customer, the pending request while the bot waits for a phone number or
// a second factor, and the frustration trend. A customer is bound by phone
// (or by staff), never by an id they type; binding another customer starts
// a new conversation. The customer's turn is saved before the pipeline
// runs, and a failed save is retried with the next turn.
package assistant
