// Package ollamatest lets tests talk to Ollama without a model download.
//
// Fake is an httptest server that speaks Ollama's HTTP API from its own
// wire structs (it deliberately does not import ollama/api, so a drift in
// how pkg/llm speaks the protocol shows up as a failing test) and replies
// with scripted chat chunks, tool calls and errors, and with deterministic
// bag-of-words embeddings.
//
// Real starts the real `ollama serve` binary on a free loopback port with
// throw-away state and creates tiny random-weight llama models in it, so
// integration tests exercise real streaming, embedding and model
// management end to end in about a second.
//
// The package is only meant to be imported from _test.go files.
package ollamatest
