package document

// binaryParsers convert formats that are not text (PDF, Word) into the
// Markdown that parseMarkdown reads, so their headings and tables become
// sections and table text like any Markdown document's.
var binaryParsers = map[string]func([]byte) (string, error){
	".pdf":  pdfToMarkdown,
	".docx": docxToMarkdown,
}
