package document

// parseText treats a plain-text file as one run of paragraphs; the splitter
// packs whole paragraphs into chunks.
func parseText(text string, _ limits) (parsed, error) {
	return parsed{blocks: []block{{text: text}}}, nil
}
