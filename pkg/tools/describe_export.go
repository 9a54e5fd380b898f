package tools

// Describe words one tool result for the customer from the result alone,
// without a model; it returns "" for a malformed call. The assistant's
// reply check uses it to replace a reply the tool results do not back.
func Describe(r Result) string { return describe(r) }
