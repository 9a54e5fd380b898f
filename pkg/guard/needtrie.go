package guard

// needTrie holds a needIndex's prefixes byte by byte, so marking a word
// walks its bytes only while some prefix still begins that way: most
// words leave the trie after a byte or two, where looking every length
// up in byPrefix cost a map look-up per byte up to maxLen. A node's items
// are byPrefix of the prefix it spells.
type needTrie struct {
	items [][]int32 // by node; node 0 is the empty prefix
	// keys and kids are an open-addressing table from node<<8|byte+1 to
	// the child node.
	keys  []uint64
	kids  []int32
	shift uint
}

// newNeedTrie builds the trie of byPrefix.
func newNeedTrie(byPrefix map[string][]int32) *needTrie {
	edges := 0
	for p := range byPrefix {
		edges += len(p)
	}
	size, shift := 16, uint(60)
	for size < 2*edges {
		size *= 2
		shift--
	}
	t := &needTrie{items: [][]int32{nil}, keys: make([]uint64, size), kids: make([]int32, size), shift: shift}
	for p, items := range byPrefix {
		n := int32(0)
		for i := 0; i < len(p); i++ {
			c := t.child(n, p[i])
			if c < 0 {
				c = int32(len(t.items))
				t.items = append(t.items, nil)
				t.put(n, p[i], c)
			}
			n = c
		}
		t.items[n] = items
	}
	return t
}

func trieKey(n int32, b byte) uint64 { return (uint64(n)<<8 | uint64(b)) + 1 }

func (t *needTrie) slot(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> t.shift }

func (t *needTrie) put(n int32, b byte, c int32) {
	k := trieKey(n, b)
	mask := uint64(len(t.keys) - 1)
	i := t.slot(k)
	for t.keys[i] != 0 {
		i = (i + 1) & mask
	}
	t.keys[i], t.kids[i] = k, c
}

// child returns node n's child by byte b, or -1.
func (t *needTrie) child(n int32, b byte) int32 {
	k := trieKey(n, b)
	mask := uint64(len(t.keys) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.kids[i]
		case 0:
			return -1
		}
	}
}
