# R MatchIt's time on the data of BenchmarkNearest (outcomes/matching/
# bench_nearest_test.go). Write the data first (about 100 MB, not committed):
#   go test ./outcomes/matching -run TestWriteNearestBenchData -nearest.benchdata /tmp/nn_bench
# then, for a data set, the first `rows` rows (0: all) and k:
#   timeout 900 Rscript matchit.R /tmp/nn_bench 10k-1M 0 10 [MM_FILE]
# With MM_FILE it also writes the match matrix there (int32 little-endian,
# the treated rows in row order, k columns each, 1-based rows, 0 for none),
# which TestNearestBenchMatchIt compares with Nearest's.
# run.sh runs the series reported in docs. The distance is the linear
# logit times 1e6, rounded: MatchIt 4.5.1's fast path truncates distance
# differences to integers (reference.R, bug 1), which on integers is exact,
# so MatchIt runs its intended algorithm; the caliper is 0.2 SD of it, as
# BenchmarkNearest's.
suppressMessages(library(MatchIt))
a <- commandArgs(TRUE)
dir <- a[1]; name <- a[2]; rows <- as.numeric(a[3]); k <- as.integer(a[4])
n <- file.size(file.path(dir, paste0(name, ".treat")))
if (rows == 0 || rows > n) rows <- n
d <- readBin(file.path(dir, paste0(name, ".dist")), "double", n = rows, size = 8, endian = "little")
tr <- readBin(file.path(dir, paste0(name, ".treat")), "integer", n = rows, size = 1, signed = FALSE)
df <- data.frame(treat = tr, x = d)
dist <- round(d * 1e6)
cat(sprintf("%s: %d rows, %d treated, k = %d\n", name, rows, sum(tr), k))
t <- system.time(m <- matchit(treat ~ x, data = df, method = "nearest", distance = dist,
                              ratio = k, caliper = 0.2))
cat(sprintf("matchit: %.1f s elapsed (%.1f s user); %d treated matched, %d controls matched\n",
            t[["elapsed"]], t[["user.self"]], sum(m$weights[tr == 1] > 0), sum(m$weights[tr == 0] > 0)))
if (length(a) >= 5) {
  mm <- m$match.matrix
  mm <- matrix(as.integer(mm), nrow(mm))
  mm[is.na(mm)] <- 0L
  writeBin(as.vector(t(mm)), a[5], size = 4, endian = "little")
}
