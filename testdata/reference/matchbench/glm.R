# R's time for the propensity fit of BenchmarkRun (outcomes/matching/
# bench_run_test.go): glm(binomial) on the same data. Write the data first
# (about 170 MB and 1.7 GB, not committed):
#   go test ./outcomes/matching -run TestWriteRunBenchData -matchbench.data /tmp/matchbench
# then: Rscript glm.R /tmp/matchbench/10k-1M-k10/covariates.csv
# It prints the read time, glm's time (elapsed and user), its iterations,
# deviance and coefficients (17 significant digits, to compare with
# FitLogit's on the same data).
suppressMessages(library(data.table))
f <- commandArgs(TRUE)[1]
t0 <- system.time(d <- fread(f, colClasses = list(character = c("id", "group", "cohort", "off"))))
d[, treat := as.integer(group == "treatment")]
d[, off := factor(off)]
cat(sprintf("%s: %d rows, %d treated; fread %.1f s elapsed\n", f, nrow(d), sum(d$treat), t0[["elapsed"]]))
t <- system.time(m <- glm(treat ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + b1 + b2 + off,
                          family = binomial, data = d))
cat(sprintf("glm: %.1f s elapsed (%.1f s user, %.1f s sys); %d iterations, deviance %.17g\n",
            t[["elapsed"]], t[["user.self"]], t[["sys.self"]], m$iter, m$deviance))
cf <- coef(m)
for (k in seq_along(cf)) cat(sprintf("%s %.17g\n", names(cf)[k], cf[[k]]))
