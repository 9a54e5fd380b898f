// Package assistant is cafebot's pipeline for one customer message:
//
//	guard(input) → intent gate → route → guard(draft) → answer
//
// The routes are FAQ (small model + retrieval, cites sources),
// transactional (tool model + tools bound to the verified customer),
// complaint (small model + policy, empathetic prompt) and escalation (the
// large model or a person). Every Answer records why it went where it went:
// intent, route, model, sources, tool calls and timings.
//
// A Session wraps the pipeline for a conversation: history, the bound
// customer, the pending request while the bot waits for a phone number, and
// the frustration trend.
package assistant
