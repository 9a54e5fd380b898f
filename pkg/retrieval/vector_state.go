package retrieval

// VectorScanState says how far an index's quantised vector scan has come,
// so a long-running process (and its tests) can tell whether its searches
// already run at full speed.
type VectorScanState int

const (
	// VectorScanNone: the index is too small for the scan; chromem-go's
	// exhaustive search answers, exactly.
	VectorScanNone VectorScanState = iota
	// VectorScanPending: the scan is not built yet (not started, or still
	// building); searches ask chromem-go meanwhile.
	VectorScanPending
	// VectorScanReady: the scan is built and searches use it.
	VectorScanReady
)

// String names the state as logs show it.
func (s VectorScanState) String() string {
	switch s {
	case VectorScanNone:
		return "none"
	case VectorScanPending:
		return "pending"
	case VectorScanReady:
		return "ready"
	}
	return "unknown"
}

// VectorScan reports the state of the current snapshot's quantised vector
// scan. It never starts a build.
func (ix *Index) VectorScan() VectorScanState {
	s := ix.st.Load().quant
	if s == nil {
		return VectorScanNone
	}
	select {
	case <-s.done:
		return VectorScanReady
	default:
		return VectorScanPending
	}
}
