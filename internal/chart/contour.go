package chart

// xy is a point in data coordinates.
type xy struct{ X, Y float64 }

// contourLines returns the polylines where the grid z (row-major,
// z[i*len(x)+j] at (x[j], y[i])) crosses level, by marching squares with
// linear interpolation along cell edges. Cells with a NaN corner are
// skipped. Saddle cells are resolved by the mean of their corners. The
// result depends only on the input, not on map order, so that SVG output is
// reproducible (gonum/plot's Contour collects paths through a map).
func contourLines(x, y, z []float64, level float64) [][]xy {
	nx, ny := len(x), len(y)
	if nx < 2 || ny < 2 {
		return nil
	}
	// Edge ids: horizontal edge from node (i,j) to (i,j+1) is 2*(i*nx+j),
	// vertical edge from (i,j) to (i+1,j) is 2*(i*nx+j)+1.
	type seg struct{ a, b int }
	var segs []seg
	pts := map[int]xy{}
	at := func(i, j int) float64 { return z[i*nx+j] }
	above := func(v float64) bool { return v > level }
	cross := func(id int) {
		if _, ok := pts[id]; ok {
			return
		}
		n := id / 2
		i, j := n/nx, n%nx
		i2, j2 := i, j+1
		if id%2 == 1 {
			i2, j2 = i+1, j
		}
		za, zb := at(i, j), at(i2, j2)
		t := (level - za) / (zb - za)
		pts[id] = xy{
			X: x[j] + t*(x[j2]-x[j]),
			Y: y[i] + t*(y[i2]-y[i]),
		}
	}
	for i := 0; i+1 < ny; i++ {
		for j := 0; j+1 < nx; j++ {
			z00, z01, z10, z11 := at(i, j), at(i, j+1), at(i+1, j), at(i+1, j+1)
			if z00 != z00 || z01 != z01 || z10 != z10 || z11 != z11 {
				continue
			}
			bottom, top := 2*(i*nx+j), 2*((i+1)*nx+j)
			left, right := 2*(i*nx+j)+1, 2*(i*nx+j+1)+1
			// Edges crossed, in the order bottom, right, top, left.
			var e []int
			if above(z00) != above(z01) {
				e = append(e, bottom)
			}
			if above(z01) != above(z11) {
				e = append(e, right)
			}
			if above(z10) != above(z11) {
				e = append(e, top)
			}
			if above(z00) != above(z10) {
				e = append(e, left)
			}
			for _, id := range e {
				cross(id)
			}
			switch len(e) {
			case 2:
				segs = append(segs, seg{e[0], e[1]})
			case 4:
				// Saddle: corners 00 and 11 are on one side, 01 and 10 on the
				// other. If the centre is on the side of 00, the contour
				// separates 01 and 10 from the centre.
				if above((z00+z01+z10+z11)/4) == above(z00) {
					segs = append(segs, seg{bottom, right}, seg{top, left})
				} else {
					segs = append(segs, seg{bottom, left}, seg{right, top})
				}
			}
		}
	}
	// Chain segments sharing an edge point into polylines.
	byEdge := map[int][]int{}
	for k, s := range segs {
		byEdge[s.a] = append(byEdge[s.a], k)
		byEdge[s.b] = append(byEdge[s.b], k)
	}
	used := make([]bool, len(segs))
	next := func(edge, from int) int {
		for _, k := range byEdge[edge] {
			if k != from && !used[k] {
				return k
			}
		}
		return -1
	}
	var lines [][]xy
	for k := range segs {
		if used[k] {
			continue
		}
		used[k] = true
		// Walk forward from b, then backward from a.
		walk := func(e int) []int {
			var ends []int
			for cur := k; ; {
				n := next(e, cur)
				if n < 0 {
					return ends
				}
				used[n] = true
				if segs[n].a == e {
					e = segs[n].b
				} else {
					e = segs[n].a
				}
				ends = append(ends, e)
				cur = n
			}
		}
		fwd := append([]int{segs[k].a, segs[k].b}, walk(segs[k].b)...)
		back := walk(segs[k].a)
		line := make([]xy, 0, len(back)+len(fwd))
		for i := len(back) - 1; i >= 0; i-- {
			line = append(line, pts[back[i]])
		}
		for _, id := range fwd {
			line = append(line, pts[id])
		}
		lines = append(lines, line)
	}
	return lines
}
