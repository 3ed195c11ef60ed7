# Generator of the reference data for the matched comparison (ATT) in
# package outcomes: outcomes folders with covariates, a pool, two cohorts
# and binary, count and continuous metrics. Run from this folder:
#   Rscript gen.R && Rscript ref.R
# Deterministic: the RNG kind and seed are fixed; two runs write identical
# bytes.
RNGkind("Mersenne-Twister", "Inversion", "Rejection")

write <- function(df, dir, file) {
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  write.csv(df, file.path(dir, file), row.names = FALSE, quote = FALSE, na = "")
}

# units draws covariates; treated units are younger, with more prior
# offences and more often male: the confounding matching must remove.
units <- function(n, treated, prefix, cohort) {
  data.frame(
    id = sprintf("%s%04d", prefix, seq_len(n)),
    group = if (treated) "treatment" else "comparison",
    cohort = cohort,
    age = round(if (treated) rnorm(n, 24, 5) else rnorm(n, 30, 7), 1),
    priors = if (treated) rpois(n, 3) else rpois(n, 1.5),
    sex = ifelse(runif(n) < (if (treated) 0.8 else 0.6), "M", "F"),
    stringsAsFactors = FALSE
  )
}

# outcomes draws the metrics with constant treatment effects: reoffending
# -0.08 (linear probability), convictions -0.3 (count), earnings +1000.
outcomes <- function(u, treat) {
  p <- pmin(pmax(0.15 + 0.06 * u$priors - 0.004 * (u$age - 30) + 0.03 * (u$sex == "M") - 0.08 * treat, 0.01), 0.99)
  mu <- pmax(0.3 + 0.35 * u$priors - 0.3 * treat, 0.05)
  u$period <- 2025
  u$reoffend <- as.integer(runif(nrow(u)) < p)
  u$convictions <- rpois(nrow(u), mu)
  u$earnings <- round(15000 + 250 * (u$age - 30) - 900 * u$priors + 1000 * treat + rnorm(nrow(u), 0, 3000))
  u
}

metrics <- data.frame(
  metric = c("reoffend", "convictions", "earnings"),
  kind = c("binary", "count", "continuous"),
  direction = c("lower", "lower", "higher"),
  method = "comparison", treatment = "treatment", comparison = "comparison",
  baseline = "", pre = "", post = "2025", unit = c("", "convictions", "EUR")
)

folder <- function(dir, u) {
  treat <- as.integer(u$group == "treatment")
  o <- outcomes(u, treat)
  write(metrics, dir, "metrics.csv")
  write(data.frame(cohort = c("2024", "2025")[c("2024", "2025") %in% u$cohort]), dir, "cohorts.csv")
  write(o[, c("id", "group", "cohort", "period", "reoffend", "convictions", "earnings")], dir, "participants.csv")
  # The matching's inputs apart, so that the folder itself is a plain
  # (unmatched) outcomes folder: the naive comparison.
  write(u[, c("id", "group", "cohort", "age", "priors", "sex")], file.path(dir, "matching"), "covariates.csv")
  write(data.frame(setting = c("treatment", "pool", "categorical", "k", "replace"),
                   value = c("treatment", "comparison", "sex", "1", "false")), file.path(dir, "matching"), "matching.csv")
}

# cases/att: two cohorts; the pool serves both (cohort empty) or one.
set.seed(20261207)
u <- rbind(units(150, TRUE, "T24-", "2024"), units(180, TRUE, "T25-", "2025"),
           units(1400, FALSE, "P", ""), units(150, FALSE, "P24-", "2024"), units(150, FALSE, "P25-", "2025"))
folder("cases/att", u)

# cases/recovery: one cohort, strong confounding, a pool ten times the
# treated group. The true effects are the constants in outcomes().
set.seed(7)
u <- rbind(units(400, TRUE, "T", "2025"), units(4000, FALSE, "P", ""))
folder("cases/recovery", u)

# cases/did: every participant measured before (2024) and after (2025);
# one cohort; method did. The pre-period outcome carries the same
# confounding, without the effect.
set.seed(11)
u <- rbind(units(200, TRUE, "T", "2025"), units(1500, FALSE, "P", ""))
treat <- as.integer(u$group == "treatment")
person <- rnorm(nrow(u), 0, 2000) # a lasting individual level
pre <- outcomes(u, 0 * treat)
post <- outcomes(u, treat)
pre$period <- 2024
pre$earnings <- pre$earnings + round(person)
post$earnings <- post$earnings + round(person)
cols <- c("id", "group", "cohort", "period", "reoffend", "earnings")
dir <- "cases/did"
write(data.frame(metric = c("reoffend", "earnings"), kind = c("binary", "continuous"),
                 direction = c("lower", "higher"), method = "did", treatment = "treatment",
                 comparison = "comparison", baseline = "", pre = "2024", post = "2025",
                 unit = c("", "EUR")), dir, "metrics.csv")
write(rbind(pre[, cols], post[, cols]), dir, "participants.csv")
write(u[, c("id", "group", "cohort", "age", "priors", "sex")], file.path(dir, "matching"), "covariates.csv")
write(data.frame(setting = c("treatment", "pool", "categorical", "k", "replace"),
                 value = c("treatment", "comparison", "sex", "2", "false")), file.path(dir, "matching"), "matching.csv")
