// Package sobol computes variance-based (Sobol') sensitivity indices: a
// Sobol' low-discrepancy sequence, the Saltelli sampling design, and
// first- and total-order indices with bootstrap confidence intervals, in
// time linear in the number of model runs and without allocation in the
// per-point calls.
//
// # Sequence
//
// Sequence is the unscrambled Sobol' sequence in Gray-code order with the
// direction numbers of Joe & Kuo (2008), file new-joe-kuo-6.21201, for up
// to MaxDim() = 1111 dimensions. Next gives point 1 first: the all-zero
// point 0 is skipped, so every coordinate is in (0, 1) and can go through
// an inverse CDF. Points are identical, bit for bit, to
// scipy.stats.qmc.Sobol(d, scramble=False) without its first row (tested
// against files made by testdata/reference/sobol/gen.py, which also
// generates the table in directions.go). Coordinates are multiples of
// 2^-32; a sequence has 2^32 - 1 points.
//
// # Design
//
// A Design for K inputs and base sample size N holds two N×K matrices A
// and B and implies K more, A_B^(i) = A with column i from B (Saltelli et
// al. 2010). The model must be run N·(K+2) times, on the rows Point gives,
// in this order:
//
//	rows [0, N)                    A
//	rows [N, 2N)                   B
//	rows [(2+i)N, (3+i)N)          A_B^(i), i = 0 … K-1
//
// so row (2+i)N + j shares every input but i with row j, and input i with
// row N + j. Inputs are uniform on (0, 1); map them to the model's
// distributions (by inverse CDF) in the caller. By default row j of (A, B)
// is point j+1 of the 2K-dimensional Sobol' sequence, A the first K
// coordinates; N a power of two gives the most even design. With
// DesignOptions.Random, A and B are pseudo-random from a seeded PCG
// instead, and K is not bounded by MaxDim.
//
// # Estimators
//
// Write a_j = f(A)_j, b_j = f(B)_j and c_j = f(A_B^(i))_j, j = 1 … N.
// First every output is centred on the mean of the a_j and b_j. This moves
// the estimates only by terms of zero mean (such as m·(1/N) Σ (c_j − a_j)
// for the first-order Jansen sum), makes the indices of α + βf equal those
// of f, and keeps the products of the Saltelli estimator well conditioned
// when the mean of f is large against its spread. Then
//
//	V   = (1/2N) Σ (a_j² + b_j²)              variance of f over A and B
//
// and S_i = V_i / V, ST_i = V_Ti / V, with, for Jansen (the default):
//
//	V_i  = (1/N)  Σ b_j (c_j − a_j)           Saltelli et al. (2010)
//	V_Ti = (1/2N) Σ (a_j − c_j)²              Jansen (1999)
//
// and for Saltelli:
//
//	f0²  = (1/N) Σ a_j b_j                    Saltelli (2002)
//	V_i  = (1/N) Σ b_j c_j − f0²              Sobol' (1993)
//	V_Ti = V − ((1/N) Σ a_j c_j − f0²)        Homma & Saltelli (1996)
//
// With this f0² the two first-order estimators are the same sum
// rearranged and agree to rounding; the total-order ones differ. Jansen's
// total-order estimator is never negative and was the most accurate in
// the comparison of Saltelli et al. (2010); the Homma–Saltelli form is
// kept for comparison with older studies; its intervals are wider (3 times
// as wide for ST3 of the Ishigami function, N = 8192). Estimates are not clipped to [0, 1]: a
// small negative S_i means an index indistinguishable from 0.
//
// # Bootstrap
//
// With AnalyseOptions.Boot = R > 0, Analyse runs a Poisson(1)
// bootstrap (Hanley & MacGibbon 2006; Chamandy et al. 2012): resample r
// gives base row j (its rows of A, of B and of every A_B^(i), together)
// the weight w_{r,j} ~ Poisson(1), the number of times the row appears in
// the resample, and its indices are computed as the point estimate is
// (re-centred, V recomputed) on that weighted sample, whose size Σ_j w_{r,j}
// is itself random, N on average. It approximates the classical bootstrap
// (N rows drawn with replacement, a multinomial) closely for N in the
// hundreds and more; unlike it, the weights of a row do not depend on the
// other rows, so every resample's indices come from weighted sums over
// rows that add across shards of the design (see Sums). The interval for
// each index is the percentile interval: the (1−Conf)/2 and (1+Conf)/2
// quantiles of the R replicates, interpolated between order statistics
// (Hyndman & Fan type 7). With a Sobol' design the intervals are
// conservative, since the bootstrap treats the rows as independent; with
// the random design they have about their nominal coverage (tested). The
// point estimate is not bias-corrected. A resample whose f(A) and f(B) are
// all equal (possible only for a tiny N or an output that is nearly
// constant) has V = 0 and no indices: it is left out of the percentiles.
//
// # Sums and shards
//
// Every estimator is a function of a few sums over the base rows (Sums
// lists them). Analyse takes them in blocks of BlockRows rows, in row
// order, and adds the blocks' sums exactly (Shewchuk's expansions, as
// Python's math.fsum), rounding once at the end. So the rows can be
// evaluated in shards of whole blocks (Sums.Shard, NewDesignRows), on
// other machines, their Sums written out and merged (Sums.Merge) in any
// order: the indices, intervals and convergence steps are bit for bit
// those of one run. Sums carry the segments of the convergence sizes (N/4,
// N/2, N), so the convergence table needs no more.
//
// # Errors
//
// Programmer errors in the per-point calls (a slice of the wrong length, a
// row out of range, a sequence run past its end) panic with a message
// prefixed "sobol:". Constructors and Analyse return errors wrapping the
// sentinels ErrInvalid (arguments), ErrNotFinite (an output is NaN or
// ±Inf; the message names the row and its block, e.g. "row 2 of
// A_B^(1)") and ErrConstant (f(A) and f(B) all equal).
//
// # Reproducibility
//
// A Sobol' design has no randomness. A random design is drawn from
// math/rand/v2's PCG(Seed, 0x736f626f6c2d4142), row j of A and then row j
// of B, each coordinate (⌊u/2^11⌋ + 1/2)·2^-53 from one PCG output u. The
// bootstrap's weights of row j come from the row's own stream,
// PCG(Seed ^ 0x736f626f6c2d6273, SplitMix64(j)): output q gives the
// weights of resamples 2q (its high 32 bits) and 2q+1 (its low 32 bits),
// each by inversion of the Poisson(1) distribution function rounded to
// multiples of 2^-32. So a Result depends only on the design, the outputs and the
// options, not on the Go release's math/rand helpers or on the machine.
//
// # Performance
//
// NewSequence costs O(32·dim); Next costs one XOR and one conversion per
// coordinate (about 26 ns for 40 dimensions); Point is a copy (about 8 ns
// for K = 20). Analyse costs O(K·N·(R+1)) in one pass over the rows, in
// blocks on every core, with no allocation per row or resample; the
// convergence steps come from the same sums. Storage is 2·N·K floats for
// a design, N·(K+2) outputs, and O(K·R) sums per convergence step.
// The resamples' sums of a block are dot products taken as floats.Dot
// takes them on amd64 (gonum's four partial sums, combined as it does),
// eight resamples at a time with AVX or four with SSE2 where the
// processor has no AVX, so that they are floats.Dot's to the bit and
// shards made by any of these merge alike; on other platforms floats.Dot
// itself. The sums being added are kept in flat arrays, not as the
// Segment's slices, which are made when a caller reads them (Merge,
// Canonical, Check, JSON).
// Design.Transform puts A's and B's coordinates through the inputs'
// quantile functions once, column by column, so that Point gives the
// inputs themselves: 2·N·K quantiles in all rather than N·(K+2).
//
// # Extras: balance, convergence, scrambling, groups
//
// A Sobol' sequence is balanced only at powers of two; BalanceWarning says
// so, naming the nearest (PowersOfTwo). Row j of A and B does not depend
// on N, so the first n rows of a design are the design of n rows
// (Design.Prefix, PrefixOutputs): Convergence analyses N/4, N/2 and N
// rows of one run, each exactly a run with that N, at no cost in model
// evaluations. DesignOptions.Scramble draws A and B from the sequence
// scrambled by Owen's (1995) nested uniform scrambling, hash-based
// (Burley 2020) on the 32-bit integer points with one seed per dimension
// from Seed: each coordinate stays a (0, m, 1)-net for N = 2^m, and the
// scrambled design starts at point 0. Design.WithGroups adds one block
// per group of inputs, A with all the group's columns from B, and Analyse
// gives the groups' indices in Result.Groups (N more rows per group).
//
// # Concurrency
//
// A Design is read-only after NewDesign: call Point from any number of
// goroutines, and write y from them in any order. A Sequence has state:
// give each goroutine its own and Skip to its share. Analyse is a pure
// function and runs on the calling goroutine.
//
// # References
//
//   - Burley, B. (2020). Practical hash-based Owen scrambling. J. Comput.
//     Graph. Tech. 9(4), 1–20.
//   - Homma, T. & Saltelli, A. (1996). Importance measures in global
//     sensitivity analysis of nonlinear models. Reliab. Eng. Syst. Saf. 52, 1–17.
//   - Jansen, M. J. W. (1999). Analysis of variance designs for model output.
//     Comput. Phys. Commun. 117, 35–43.
//   - Joe, S. & Kuo, F. Y. (2008). Constructing Sobol sequences with better
//     two-dimensional projections. SIAM J. Sci. Comput. 30, 2635–2654.
//   - Owen, A. B. (1995). Randomly permuted (t,m,s)-nets and (t,s)-sequences.
//     In Monte Carlo and Quasi-Monte Carlo Methods in Scientific Computing,
//     Lecture Notes in Statistics 106, 299–317.
//   - Saltelli, A. (2002). Making best use of model evaluations to compute
//     sensitivity indices. Comput. Phys. Commun. 145, 280–297.
//   - Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. &
//     Tarantola, S. (2010). Variance based sensitivity analysis of model
//     output. Design and estimator for the total sensitivity index. Comput.
//     Phys. Commun. 181, 259–270.
//   - Sobol', I. M. (1993). Sensitivity estimates for nonlinear mathematical
//     models. Math. Model. Comput. Exp. 1, 407–414.
package sobol
