# Reference matchings for outcomes/matching's Nearest (nearest_test.go),
# computed by R 4.2 with MatchIt 4.5.1 (Debian r-cran-matchit), method =
# "nearest" with a given distance. Run from this folder:
#   Rscript reference.R
# It writes the data (data_*.csv), the variants (variants.csv) and one
# result file per variant (out/<name>.csv). The generator is this script
# (set.seed below): the data are committed, the tests need no R.
#
# Two bugs of MatchIt 4.5.1's fast path (nn_matchC_vec, used when distance
# is a numeric vector) shape how this script calls it:
#  1. The distance differences go through C's integer abs() on this build
#     (MatchIt 4.5.2 NEWS: "Fixed a bug where calipers would not work
#     properly on some systems", #163): |d_t - d_c| is truncated to an
#     integer, so on a propensity-score scale every candidate ties and the
#     caliper never bites. The distances given to the "vec" variants are
#     therefore integers (the linear logit times 1e6, rounded; the tie
#     data times 4), for which the truncation is exact: what MatchIt then
#     computes is its intended algorithm.
#  2. With ratio > 1 a treated unit's later matches are checked against its
#     earlier ones off by one (row r + 1 is taken for row r: #159, fixed in
#     4.5.2): with replacement it takes the same control k times; without,
#     it skips the control whose row follows one it already has. Those
#     variants (path "matrix") give MatchIt the distance as a matrix |d_t - d_c|, its
#     older general algorithm (nn_matchC), which has neither bug; so do the
#     "matrix" variants on real-valued distances (data c). That path takes
#     m.order "data" only, so the rows are permuted to put the treated
#     units in picking order first (ties: lower row first, as order());
#     the caliper is given in distance units (std.caliper = FALSE) and the
#     discarded rows as MatchIt:::discard() computes them. That path has
#     its own tie rule (and lists a unit's matches by row with a caliper),
#     so it is used on data without ties and the tests compare its sets;
#     the tie data with k > 1 (t_k3, t_discard_both_k2) stay on the fast
#     path, where the off-by-one check happens not to fire.
suppressMessages(library(MatchIt))
stopifnot(packageVersion("MatchIt") == "4.5.1")
dir.create("out", showWarnings = FALSE)

gen <- function(n, b0, scale, seed) {
  set.seed(seed)
  x1 <- rnorm(n); x2 <- rnorm(n); x3 <- rnorm(n)
  region <- sample(c("north", "south", "west"), n, TRUE, prob = c(.5, .3, .2))
  lp <- b0 + 0.8 * x1 - 0.5 * x2 + 0.3 * x3 + 0.4 * (region == "south")
  tr <- rbinom(n, 1, plogis(lp))
  d <- if (is.na(scale)) lp else round(lp * scale)
  data.frame(row = seq_len(n), treat = tr, distance = d, region = region)
}
data <- list(
  a = gen(400, -1.1, 1e6, 1),   # about a quarter treated, integer distance
  t = gen(150, -0.6, 4, 2),     # ties: the linear logit times 4, rounded
  s = gen(100, 0.9, 1e6, 3),    # more treated than controls
  c = gen(300, -1.0, NA, 4)     # real-valued linear logit (matrix path)
)
for (nm in names(data)) {
  d <- data[[nm]]
  out <- d
  out$distance <- sprintf("%.17g", d$distance)
  write.csv(out, sprintf("data_%s.csv", nm), row.names = FALSE, quote = FALSE)
}

V <- function(name, data, k = 1, replace = FALSE, caliper = 0, order = "largest",
              discard = "none", exact = FALSE, path = "vec")
  data.frame(name, data, k, replace, caliper, order, discard, exact, path)
variants <- rbind(
  V("a_k1", "a"), V("a_k3", "a", k = 3, path = "matrix"), V("a_k10", "a", k = 10, path = "matrix"),
  V("a_k1_smallest", "a", order = "smallest"), V("a_k1_data", "a", order = "data"),
  V("a_k3_smallest", "a", k = 3, order = "smallest", path = "matrix"),
  V("a_cal02", "a", caliper = 0.2), V("a_cal005_k3", "a", k = 3, caliper = 0.05, path = "matrix"),
  V("a_discard_both", "a", discard = "both"), V("a_discard_treated", "a", discard = "treated"),
  V("a_discard_control_cal", "a", discard = "control", caliper = 0.1),
  V("a_exact_k1", "a", exact = TRUE), V("a_exact_k2", "a", k = 2, exact = TRUE, path = "matrix"),
  V("a_exact_cal_k3", "a", k = 3, exact = TRUE, caliper = 0.1, path = "matrix"),
  V("a_rep_k1", "a", replace = TRUE), V("a_rep_cal_k1", "a", replace = TRUE, caliper = 0.05),
  V("a_rep_exact_k1", "a", replace = TRUE, exact = TRUE),
  V("a_rep_k3", "a", k = 3, replace = TRUE, path = "matrix"),
  V("a_rep_cal_k5", "a", k = 5, replace = TRUE, caliper = 0.05, path = "matrix"),
  V("t_k1", "t"), V("t_k1_smallest", "t", order = "smallest"), V("t_k1_data", "t", order = "data"),
  V("t_cal", "t", caliper = 0.1), V("t_rep_k1", "t", replace = TRUE),
  V("t_exact_k1", "t", exact = TRUE),
  V("s_k1", "s"), V("s_k2", "s", k = 2, path = "matrix"),
  V("s_k2_data", "s", k = 2, order = "data", path = "matrix"),
  V("t_k3", "t", k = 3), V("t_discard_both_k2", "t", k = 2, discard = "both"),
  V("c_k1", "c", path = "matrix"), V("c_k3_cal", "c", k = 3, caliper = 0.2, path = "matrix"),
  V("c_k2_smallest", "c", k = 2, order = "smallest", path = "matrix"),
  V("c_rep_k3", "c", k = 3, replace = TRUE, path = "matrix"),
  V("c_exact_cal_k2", "c", k = 2, caliper = 0.25, exact = TRUE, path = "matrix"),
  V("c_discard_both", "c", discard = "both", path = "matrix")
)
write.csv(variants, "variants.csv", row.names = FALSE, quote = FALSE)

run_vec <- function(d, v) {
  args <- list(formula = treat ~ x, data = transform(d, x = row), method = "nearest",
               distance = d$distance, ratio = v$k, replace = v$replace,
               m.order = v$order, discard = v$discard)
  if (v$caliper > 0) args$caliper <- v$caliper
  if (v$exact) args$exact <- ~region
  m <- suppressWarnings(do.call(matchit, args))
  list(mm = m$match.matrix, weights = m$weights, subclass = m$subclass,
       discarded = m$discarded, perm = seq_len(nrow(d)))
}

run_matrix <- function(d, v) {
  tr <- d$treat
  disc <- MatchIt:::discard(setNames(tr, d$row), d$distance, v$discard)
  t1 <- which(tr == 1)
  if (v$order != "data" && !v$replace)
    t1 <- t1[order(d$distance[t1], decreasing = v$order == "largest")]
  perm <- c(t1, which(tr == 0))
  dp <- d[perm, ]
  rownames(dp) <- dp$row
  dm <- abs(outer(dp$distance[dp$treat == 1], dp$distance[dp$treat == 0], "-"))
  args <- list(formula = treat ~ x, data = transform(dp, x = row), method = "nearest",
               distance = dm, ratio = v$k, replace = v$replace, m.order = "data",
               discard = unname(disc[perm]))
  if (v$caliper > 0) {
    args$caliper <- v$caliper * sd(d$distance[!disc])
    args$std.caliper <- FALSE
  }
  if (v$exact) args$exact <- ~region
  m <- suppressWarnings(do.call(matchit, args))
  list(mm = m$match.matrix, weights = m$weights, subclass = m$subclass,
       discarded = m$discarded, perm = perm)
}

for (i in seq_len(nrow(variants))) {
  v <- variants[i, ]
  d <- data[[v$data]]
  r <- if (v$path == "vec") run_vec(d, v) else run_matrix(d, v)
  # Back to the data's row order; match.matrix names rows by row name.
  n <- nrow(d)
  w <- s <- dis <- numeric(n)
  w[r$perm] <- r$weights
  sc <- if (is.null(r$subclass)) rep(NA, n) else as.integer(r$subclass)
  s[r$perm] <- sc
  dis[r$perm] <- as.integer(r$discarded)
  mm <- matrix(NA_integer_, n, v$k)
  rn <- as.integer(rownames(r$mm))
  for (j in seq_len(ncol(r$mm))) mm[rn, j] <- as.integer(r$mm[, j])
  out <- data.frame(row = d$row, treat = d$treat, weight = sprintf("%.17g", w),
                    subclass = ifelse(is.na(s), "", s), discarded = dis)
  for (j in seq_len(v$k)) out[[paste0("m", j)]] <- ifelse(is.na(mm[, j]), "", mm[, j])
  write.csv(out, sprintf("out/%s.csv", v$name), row.names = FALSE, quote = FALSE)
}
