package document

// parseText treats a plain-text file as one run of paragraphs, titled by
// the title it writes for itself (textTitle); the splitter packs whole
// paragraphs into chunks.
func parseText(text string, _ limits) (parsed, error) {
	return parsed{title: textTitle(text), blocks: []block{{text: text}}}, nil
}
