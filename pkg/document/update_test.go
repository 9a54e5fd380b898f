package document

// The import gives this package's test binary the shared -update flag,
// which rewrites the PDF goldens in testdata/pdf.
import _ "github.com/cafebot/cafebot/pkg/golden"
