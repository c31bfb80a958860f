package linediff

// myers returns the changes of a minimal diff from lines a to lines b, in
// order, or nil when the edit distance is over lim.edits or the search takes
// over lim.work steps.
//
// It is the linear-space variant of Myers' algorithm ("An O(ND) Difference
// Algorithm and Its Variations", 1986, section 4b): find the middle snake of
// an optimal path by searching from both ends at once, then recurse on the
// two halves. Memory is O(len(a)+len(b)+D); time is O((len(a)+len(b))·D)
// in the worst case, which lim.work bounds.
func myers(a, b []string, lim limits) []span {
	ids := make(map[string]int32, len(a)+len(b))
	intern := func(lines []string) []int32 {
		out := make([]int32, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = int32(len(ids))
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	d := &differ{a: intern(a), b: intern(b), maxWork: lim.work}
	// An overlap found at step k means an edit distance of 2k-1 or 2k, so
	// steps 0..edits/2 find every distance up to edits.
	d.steps = min((len(a)+len(b)+1)/2+1, max(lim.edits, 0)/2+1)
	d.v1 = make([]int, 2*d.steps+2)
	d.v2 = make([]int, 2*d.steps+2)
	if !d.compare(0, len(a), 0, len(b), lim.edits) {
		return nil
	}
	return d.spans
}

type differ struct {
	a, b    []int32
	steps   int   // most search steps from each end
	v1, v2  []int // furthest x on each diagonal, forward and backward
	work    int
	maxWork int
	spans   []span
}

// compare appends the changes from a[aLo:aHi] to b[bLo:bHi] to d.spans. It
// reports false when it gives up: the edit distance is over maxD, or the
// work is over its bound.
func (d *differ) compare(aLo, aHi, bLo, bHi, maxD int) bool {
	for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
		aLo++
		bLo++
	}
	for aLo < aHi && bLo < bHi && d.a[aHi-1] == d.b[bHi-1] {
		aHi--
		bHi--
	}
	if aLo == aHi || bLo == bHi {
		if aLo < aHi || bLo < bHi {
			d.spans = append(d.spans, span{aLo, aHi, bLo, bHi})
		}
		return true
	}
	// Both sides are non-empty and differ at both ends, so the distance is
	// at least 2 and both halves below are strictly smaller problems.
	x, y, dist, ok := d.bisect(aLo, aHi, bLo, bHi)
	if !ok || dist > maxD {
		return false
	}
	return d.compare(aLo, aLo+x, bLo, bLo+y, dist) && d.compare(aLo+x, aHi, bLo+y, bHi, dist)
}

// bisect finds a point (x, y), relative to (aLo, bLo), on an optimal path
// through the edit graph of a[aLo:aHi] and b[bLo:bHi], and the edit distance
// dist. The search is the one of diff-match-patch's diff_bisect: forward
// from the top left and backward from the bottom right, one step of each in
// turn, until the furthest-reaching paths on a diagonal overlap.
func (d *differ) bisect(aLo, aHi, bLo, bHi int) (x, y, dist int, ok bool) {
	a, b := d.a[aLo:aHi], d.b[bLo:bHi]
	n, m := len(a), len(b)
	steps := min((n+m+1)/2+1, d.steps)
	off := steps
	v1, v2 := d.v1[:2*steps+2], d.v2[:2*steps+2]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	// With an odd delta the paths can only meet after a forward step, with
	// an even one after a backward step.
	front := delta%2 != 0
	// Diagonals that ran off the graph are not searched again.
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for step := 0; step < steps; step++ {
		for k1 := -step + k1start; k1 <= step-k1end; k1 += 2 {
			i1 := off + k1
			var x1 int
			if k1 == -step || (k1 != step && v1[i1-1] < v1[i1+1]) {
				x1 = v1[i1+1]
			} else {
				x1 = v1[i1-1] + 1
			}
			y1 := x1 - k1
			x0 := x1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			d.work += 1 + x1 - x0
			if d.work > d.maxWork {
				return 0, 0, 0, false
			}
			v1[i1] = x1
			switch {
			case x1 > n:
				k1end += 2 // off the right of the graph
			case y1 > m:
				k1start += 2 // off the bottom of the graph
			case front:
				i2 := off + delta - k1
				if i2 >= 0 && i2 < len(v2) && v2[i2] != -1 && x1 >= n-v2[i2] {
					return x1, y1, 2*step - 1, true
				}
			}
		}
		for k2 := -step + k2start; k2 <= step-k2end; k2 += 2 {
			i2 := off + k2
			var x2 int
			if k2 == -step || (k2 != step && v2[i2-1] < v2[i2+1]) {
				x2 = v2[i2+1]
			} else {
				x2 = v2[i2-1] + 1
			}
			y2 := x2 - k2
			x0 := x2
			for x2 < n && y2 < m && a[n-1-x2] == b[m-1-y2] {
				x2++
				y2++
			}
			d.work += 1 + x2 - x0
			if d.work > d.maxWork {
				return 0, 0, 0, false
			}
			v2[i2] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				i1 := off + delta - k2
				if i1 >= 0 && i1 < len(v1) && v1[i1] != -1 {
					x1 := v1[i1]
					y1 := x1 - (i1 - off)
					if x1 >= n-x2 {
						return x1, y1, 2 * step, true
					}
				}
			}
		}
	}
	return 0, 0, 0, false
}
