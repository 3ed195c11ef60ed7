# Scale cross-check for `sib outcomes`: a random participants folder plus R's expected values.
#
#   Rscript crosscheck.R ROWS OUTDIR [SEED]
#
# Writes OUTDIR/metrics.csv, OUTDIR/participants.csv (about ROWS rows) and OUTDIR/expected.csv
# (layout of ./expected.csv: case,confidence,metric,cohort,quantity,value; case "crosscheck",
# confidence 0.95). Base R only; deterministic for a given ROWS and SEED.
#
# The estimators are not re-implemented here: the function definitions are taken from gen.R
# (parsed, and only the listed `name <- ...` assignments evaluated, so gen.R's side effects do
# not run). case_participants() is used as it is, except that its first statement
# `dir <- file.path("cases", name)` is replaced by `dir <- name`, so it reads OUTDIR.
#
# The folder has one participants.csv with five groups and periods 2016-2025:
#   treatment      cohorts 2023, 2024, 2025-spring, 2025-autumn; periods 2022-2025
#   control        the same cohorts and an empty cohort; periods 2022, 2024, 2025
#   historical     empty cohort, or the period as the cohort label; periods 2016-2023
#   pilot          cohorts 2024, 2025-spring, 2025-autumn; periods 2023-2025
#   pilot_control  cohorts empty, 2024, 2025-spring (not 2025-autumn); periods 2023-2025
# and 24 metrics (every kind x every method, plus a continuous metric with a large mean and a
# small spread, which stresses the numerics of streamed totals). A metric's column is filled
# only for the rows of its treatment and comparison groups, with about 2% empty cells there.
# There is no comparison-group cohort that the metric's treatment group lacks: the CLI rejects
# one as a likely misspelling, even without cohorts.csv.

options(warn = 1, stringsAsFactors = FALSE)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript crosscheck.R ROWS OUTDIR [SEED]")
ROWS <- as.numeric(args[1])
OUTDIR <- args[2]
SEED <- if (length(args) >= 3) as.integer(args[3]) else 20250611L
if (!is.finite(ROWS) || ROWS < 500) stop("ROWS must be at least 500")

## the estimators, from gen.R
script_dir <- local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grepl("^--file=", a)])
  if (length(f)) dirname(normalizePath(f[1])) else getwd()
})
NEEDED <- c("FMT", "check", "read_chr", "num", "periods_of", "in_periods", "QUANT", "improve",
            "rel_from_ratio", "rel_log", "result", "wilson", "bin2", "cnt2", "welch_tot",
            "welch_raw", "bin_fixed", "cnt_fixed", "t_fixed", "trend_est", "did_est",
            "case_participants")
local({
  ex <- parse(file.path(script_dir, "gen.R"), keep.source = FALSE)
  found <- character(0)
  for (e in ex) {
    if (is.call(e) && identical(e[[1]], as.name("<-")) && is.name(e[[2]]) &&
        as.character(e[[2]]) %in% NEEDED) {
      eval(e, envir = globalenv())
      found <- c(found, as.character(e[[2]]))
    }
  }
  miss <- setdiff(NEEDED, found)
  if (length(miss)) stop("not found in gen.R: ", paste(miss, collapse = ", "))
})
local({
  b <- body(case_participants)
  if (!identical(b[[2]], quote(dir <- file.path("cases", name))))
    stop("gen.R's case_participants() changed: its first statement is no longer ",
         "dir <- file.path(\"cases\", name)")
  b[[2]] <- quote(dir <- name)
  body(case_participants) <<- b
})

# trend: gen.R's trend_est() with the periods shifted by a whole number (exact in floating
# point, and the same estimate in exact arithmetic). lm() on raw periods (~2020) is
# ill-conditioned: at 2 million rows its baseline for a level of 50000 is off by ~3e-9, as
# much as the absolute tolerance of crosscheck.sh, for a limit near 0. Centred, R agrees with
# a two-pass centred computation to ~1e-15 relative.
trend_est_raw <- trend_est
trend_est <- function(dir, yT, tT, yC, tC, conf) {
  s <- round(mean(tC))
  trend_est_raw(dir, yT, tT - s, yC, tC - s, conf)
}

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(SEED)

## ------------------------------------------------------------------------------------------
## metrics
## ------------------------------------------------------------------------------------------
# name, kind, direction, method, treatment, comparison, baseline, pre, post, unit
M <- read.csv(text = "metric,kind,direction,method,treatment,comparison,baseline,pre,post,unit
reoffend_cmp,binary,lower,comparison,treatment,control,,,2024-2025,share
reoffend_hist,binary,lower,historical,treatment,historical,,2020-2021,2025,share
reoffend_trend,binary,lower,trend,treatment,historical,,2017-2022,2024-2025,share
reoffend_fixed,binary,lower,fixed,pilot,,0.41,,2025,share
employed_did,binary,higher,did,pilot,pilot_control,,2023,2024-2025,share
reconv_cmp,count,lower,comparison,pilot,pilot_control,,,,events
reconv_hist,count,lower,historical,treatment,historical,,2021,2024,events
reconv_trend,count,lower,trend,treatment,historical,,2016-2022,2025,events
reconv_fixed,count,lower,fixed,treatment,,0.85,,2024-2025,events
reconv_did,count,lower,did,treatment,control,,2022,2024-2025,events
custody_cmp,duration,lower,comparison,treatment,control,,,2025,days
custody_hist,duration,lower,historical,pilot,historical,,2019-2021,2024-2025,days
custody_trend,duration,lower,trend,pilot,historical,,2018-2022,2024-2025,days
custody_fixed,duration,lower,fixed,treatment,,30,,2024,days
custody_did,duration,lower,did,treatment,control,,2022,2025,days
earnings_cmp,continuous,higher,comparison,pilot,pilot_control,,,2024-2025,EUR
earnings_hist,continuous,higher,historical,treatment,historical,,2020,2025,EUR
earnings_trend,continuous,higher,trend,treatment,historical,,2016-2022,2024-2025,EUR
earnings_fixed,continuous,higher,fixed,treatment,,9000,,2025,EUR
earnings_did,continuous,higher,did,treatment,control,,2022,2024,EUR
wage_cmp,continuous,higher,comparison,treatment,control,,,2024-2025,EUR
wage_trend,continuous,higher,trend,treatment,historical,,2016-2022,2025,EUR
wage_did,continuous,higher,did,treatment,control,,2022,2024-2025,EUR
wage_fixed,continuous,higher,fixed,pilot,,50010,,2024-2025,EUR
", colClasses = "character", na.strings = character(0))

# Data-generating levels per metric: base level, yearly slope, extra level of the comparison
# groups, gain of the treatment groups from 2024 on (in the metric's better direction), sd
# (continuous). Level: binary p; count mean (negative binomial, size 2); duration mean days of
# those with custody (57% have none); continuous mean.
LV <- read.csv(text = "metric,base,slope,cmp,gain,sd
reoffend_cmp,0.40,-0.004,0.01,0.05,
reoffend_hist,0.42,-0.010,0.00,0.06,
reoffend_trend,0.44,-0.015,0.00,0.04,
reoffend_fixed,0.38,0.000,0.00,0.00,
employed_did,0.52,0.010,-0.03,0.04,
reconv_cmp,0.90,0.000,0.10,0.12,
reconv_hist,1.00,-0.020,0.00,0.15,
reconv_trend,1.10,-0.050,0.00,0.10,
reconv_fixed,0.95,0.000,0.00,0.10,
reconv_did,0.95,-0.010,0.05,0.12,
custody_cmp,60,0.0,3,6,
custody_hist,62,-1.0,0,5,
custody_trend,70,-2.5,0,4,
custody_fixed,66,0.0,0,5,
custody_did,61,-0.5,2,6,
earnings_cmp,9000,150,-200,500,4000
earnings_hist,9000,200,0,400,4000
earnings_trend,8500,250,0,350,4200
earnings_fixed,8800,100,0,300,3900
earnings_did,8800,200,-300,600,4000
wage_cmp,50000,2,-1,3,20
wage_trend,50000,3,0,2,25
wage_did,50000,2,-2,4,20
wage_fixed,50005,0,0,4,15
")
stopifnot(identical(LV$metric, M$metric))

## ------------------------------------------------------------------------------------------
## participants
## ------------------------------------------------------------------------------------------
TC <- c("2023", "2024", "2025-spring", "2025-autumn")
PC <- c("2024", "2025-spring", "2025-autumn")
blocks <- rbind(
  expand.grid(group = "treatment", cohort = TC, period = 2022:2025, w = 1.2, stringsAsFactors = FALSE),
  expand.grid(group = "control", cohort = c("", TC), period = c(2022L, 2024L, 2025L), w = 0.8,
              stringsAsFactors = FALSE),
  data.frame(group = "historical", cohort = "", period = 2016:2023, w = 1.4),
  data.frame(group = "historical", cohort = as.character(2016:2023), period = 2016:2023, w = 0.5),
  expand.grid(group = "pilot", cohort = PC, period = 2023:2025, w = 0.6, stringsAsFactors = FALSE),
  expand.grid(group = "pilot_control", cohort = c("", "2024", "2025-spring"),
              period = 2023:2025, w = 0.5, stringsAsFactors = FALSE))
blocks$group <- as.character(blocks$group); blocks$cohort <- as.character(blocks$cohort)
blocks$w[blocks$group == "control" & blocks$cohort == ""] <- 1.5
blocks$w <- blocks$w * runif(nrow(blocks), 0.6, 1.4)
blocks$n <- pmax(5L, as.integer(round(ROWS * blocks$w / sum(blocks$w))))
N <- sum(blocks$n)

bi <- rep(seq_len(nrow(blocks)), blocks$n)
bi <- bi[sample.int(N)] # shuffled, so that every chunk of the file mixes groups and periods
group <- blocks$group[bi]; cohort <- blocks$cohort[bi]; period <- blocks$period[bi]
cshift <- c("2023" = -0.5, "2024" = 0, "2025-spring" = 0.4, "2025-autumn" = 0.8) # in units of gain

out <- data.frame(id = sprintf("P%08d", seq_len(N)), group = group, cohort = cohort,
                  period = as.character(period))
for (i in seq_len(nrow(M))) {
  m <- M[i, ]; lv <- LV[i, ]
  meas <- group == m$treatment | (m$comparison != "" & group == m$comparison)
  k <- which(meas); n <- length(k)
  isT <- group[k] == m$treatment
  sgn <- if (m$direction == "lower") -1 else 1
  cs <- cshift[cohort[k]]; cs[is.na(cs)] <- 0
  lev <- lv$base + lv$slope * (period[k] - 2020) + (!isT) * lv$cmp +
         isT * sgn * lv$gain * ((period[k] >= 2024) + 0.3 * cs)
  s <- switch(m$kind,
    binary = sprintf("%d", rbinom(n, 1, pmin(pmax(lev, 0.02), 0.98))),
    count = sprintf("%d", rnbinom(n, size = 2, mu = pmax(lev, 0.05))),
    duration = sprintf("%d", as.integer(ifelse(runif(n) < 0.57, 0,
                       round(rgamma(n, shape = 1.2, rate = 1.2 / pmax(lev, 1)))))),
    continuous = {
      v <- round(rnorm(n, lev, lv$sd), 2); v[v == 0] <- 0 # no "-0.00"
      sprintf("%.2f", v)
    })
  s[runif(n) < 0.02] <- "" # about 2% empty cells
  col <- rep("", N); col[k] <- s
  out[[m$metric]] <- col
}

dir.create(OUTDIR, recursive = TRUE, showWarnings = FALSE)
writeLines(c(paste(names(M), collapse = ","), do.call(paste, c(unname(as.list(M)), sep = ","))),
           file.path(OUTDIR, "metrics.csv"))
writeLines(c(paste(names(out), collapse = ","), do.call(paste, c(unname(as.list(out)), sep = ","))),
           file.path(OUTDIR, "participants.csv"), useBytes = TRUE)
rm(out, bi, group, cohort, period); invisible(gc())
cat(sprintf("crosscheck.R: %d participant rows, %d metrics, %d groups, %d cohorts (treatment)\n",
            N, nrow(M), length(unique(blocks$group)), length(TC)))

## ------------------------------------------------------------------------------------------
## expected values: gen.R's case_participants() on the files as written, read back
## ------------------------------------------------------------------------------------------
expected <- case_participants(OUTDIR, 0.95)
expected$case <- "crosscheck"
expected <- expected[!(expected$quantity == "df" & is.na(expected$value)), ]
expected$value <- FMT(expected$value)
write.csv(expected, file.path(OUTDIR, "expected.csv"), row.names = FALSE, quote = FALSE)
cat(sprintf("crosscheck.R: expected.csv: %d values\n", nrow(expected)))
