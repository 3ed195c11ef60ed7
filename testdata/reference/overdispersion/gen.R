# Independent reference values for overdispersed counts in package outcomes:
# the Pearson dispersion of the Poisson rate model and the quasi-Poisson
# standard errors, intervals and p-values (docs/outcomes.md, "Overdispersed
# counts"), from R's glm(..., family = quasipoisson). Base R only.
# Run:  cd testdata/reference/overdispersion && Rscript gen.R
# Writes cases/hand/, cases/exposure/ and expected.csv. Deterministic.
# Every check below stops the script if a second route disagrees.

options(warn = 1, stringsAsFactors = FALSE)
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20261207)

# glm converged tightly: summary.glm takes the dispersion (and so the standard errors)
# from the working residuals of the last iteration, which approach the Pearson ones at
# convergence (to about 1e-8 relative here); the values written are the Pearson ones.
CTRL <- glm.control(epsilon = 1e-15, maxit = 100)
FMT <- function(v) ifelse(is.na(v) | !is.finite(v), "NA", sprintf("%.17g", v))
check <- function(a, b, tol = 1e-9, what = "") {
  a <- unname(a); b <- unname(b)
  ok <- isTRUE(all((is.na(a) & is.na(b)) | (!is.na(a) & !is.na(b) & abs(a - b) <= tol * pmax(1, abs(a), abs(b)))))
  if (!ok) stop(sprintf("check failed: %s: %s vs %s", what, format(a, digits = 17), format(b, digits = 17)))
  invisible(TRUE)
}

# ----------------------------------------------------------------------------------------------
# 1. Input folders made here
# ----------------------------------------------------------------------------------------------

write_lines <- function(lines, file) writeLines(lines, file, useBytes = TRUE)
case_dir <- function(name) {
  dir <- file.path("cases", name)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  for (f in list.files(dir, full.names = TRUE)) file.remove(f)
  dir
}

## hand: the small case computed by hand in outcomes/dispersion_test.go.
## T: 0 0 1 3 6 (x = 10, λ = 2), C: 2 3 3 4 8 (x = 20, λ = 4), fixed baseline 3.
hand_t <- c(0, 0, 1, 3, 6)
hand_c <- c(2, 3, 3, 4, 8)
dir <- case_dir("hand")
write_lines(c("metric,kind,direction,method,treatment,comparison,baseline,pre,post,unit",
              "events,count,lower,comparison,treatment,control,,,2025,events",
              "events_fixed,count,lower,fixed,treatment,,3,,2025,events"),
            file.path(dir, "metrics.csv"))
write_lines(c("id,group,cohort,period,events,events_fixed",
              sprintf("T%d,treatment,2025,2025,%d,%d", seq_along(hand_t), hand_t, hand_t),
              sprintf("C%d,control,2025,2025,%d,", seq_along(hand_c), hand_c)),
            file.path(dir, "participants.csv"))

## exposure: aggregates with exposure and sum_sq. Every participant of a cell
## has the same exposure a (person-years), so the records behind each row are
## known: R fits them, the aggregates carry n, events, exposure = n·a, sum_sq.
## The control cell with an empty cohort serves both cohorts.
cells <- data.frame(group = c("treatment", "treatment", "control", "control", "control"),
                    cohort = c("2024", "2025", "2024", "2025", ""),
                    n = c(180, 240, 150, 170, 120),
                    a = c(0.75, 1.25, 1, 1, 0.5),
                    lam = c(0.9, 0.85, 1.1, 1.05, 1.0))
recs <- do.call(rbind, lapply(seq_len(nrow(cells)), function(i) {
  cl <- cells[i, ]
  data.frame(group = cl$group, cohort = cl$cohort, e = cl$a,
             y = rnbinom(cl$n, size = 1.5, mu = cl$lam * cl$a))
}))
agg <- do.call(rbind, lapply(seq_len(nrow(cells)), function(i) {
  cl <- cells[i, ]
  y <- recs$y[recs$group == cl$group & recs$cohort == cl$cohort]
  sprintf("reconvictions,%s,%s,2025,%d,%d,%s,%d", cl$group, cl$cohort, length(y), sum(y),
          format(cl$n * cl$a, nsmall = 2), sum(y^2))
}))
dir <- case_dir("exposure")
write_lines(c("metric,kind,direction,method,treatment,comparison,baseline,pre,post,unit",
              "reconvictions,count,lower,comparison,treatment,control,,,2025,per person-year"),
            file.path(dir, "metrics.csv"))
write_lines(c("metric,group,cohort,period,n,events,exposure,sum_sq", agg), file.path(dir, "aggregates.csv"))

# ----------------------------------------------------------------------------------------------
# 2. The estimators, from the spec
# ----------------------------------------------------------------------------------------------

out <- character(0)
emit <- function(cas, cv, conf, metric, cohort, q, v)
  out <<- c(out, sprintf("%s,%s,%s,%s,%s,%s,%s", cas, cv, conf, metric, cohort, q, FMT(v)))

# Pearson dispersion of a fit: X² / residual df, and the test P(χ²_df > X²).
pearson <- function(fit) {
  X2 <- sum(residuals(fit, type = "pearson")^2)
  df <- fit$df.residual
  list(phi = X2 / df, df = df, p = pchisq(X2, df, lower.tail = FALSE), X2 = X2)
}

# comparison and historical: y, e the records; tr TRUE for the treatment group.
# Direction lower throughout (every metric here is "lower is better").
two_group <- function(cas, conf, metric, cohort, y, e, tr) {
  xT <- sum(y[tr]); xC <- sum(y[!tr]); ET <- sum(e[tr]); EC <- sum(e[!tr])
  lT <- xT / ET; lC <- xC / EC
  # Log link: the treated coefficient is log(λ_T/λ_C).
  fit <- glm(y ~ tr + offset(log(e)), family = quasipoisson, control = CTRL)
  s <- summary(fit)
  d <- pearson(fit)
  check(s$dispersion, d$phi, tol = 1e-7, what = "summary.glm dispersion = Pearson X²/df")
  check(fitted(fit), ifelse(tr, lT, lC) * e, what = "fitted means λ_g·e")
  # By the formula of the spec, from the group's records.
  X2 <- sum((y - fitted(fit))^2 / fitted(fit))
  check(X2, d$X2, what = "X² by formula")
  b <- coef(fit)[["trTRUE"]]
  check(b, log(lT / lC), what = "log rate ratio")
  seLog <- sqrt(d$phi * (1 / xT + 1 / xC))
  check(s$coefficients["trTRUE", "Std. Error"], seLog, tol = 1e-7, what = "se of log rate ratio")
  pQ <- 2 * pt(-abs(b / seLog), d$df)
  check(s$coefficients["trTRUE", "Pr(>|t|)"], pQ, tol = 1e-6, what = "p from t on df.residual")
  # Identity link on the rate y/e with weights e: the difference of rates.
  fitD <- glm(I(y / e) ~ tr, weights = e, family = quasipoisson(link = "identity"), control = CTRL,
              start = c(lC, lT - lC))
  sD <- summary(fitD)
  check(sD$dispersion, d$phi, tol = 1e-7, what = "dispersion, identity link")
  check(coef(fitD)[["trTRUE"]], lT - lC, what = "rate difference")
  seP <- sqrt(xT / ET^2 + xC / EC^2)
  seQ <- sqrt(d$phi) * seP
  check(sD$coefficients["trTRUE", "Std. Error"], seQ, tol = 1e-7, what = "quasi se, identity link")
  # (poisson warns that y/e is not whole: the likelihood is not used here)
  fitP <- suppressWarnings(glm(I(y / e) ~ tr, weights = e, family = poisson(link = "identity"), control = CTRL,
                               start = c(lC, lT - lC)))
  (check(summary(fitP)$coefficients["trTRUE", "Std. Error"], seP, what = "Poisson se"))
  q <- qt(1 - (1 - conf) / 2, d$df)
  eff <- lC - lT # improvement, lower is better
  for (cv in c("poisson", "quasi")) {
    emit(cas, cv, conf, metric, cohort, "dispersion", d$phi)
    emit(cas, cv, conf, metric, cohort, "dispersion_p", d$p)
    emit(cas, cv, conf, metric, cohort, "effect", eff)
  }
  emit(cas, "poisson", conf, metric, cohort, "se", seP)
  emit(cas, "quasi", conf, metric, cohort, "se", seQ)
  emit(cas, "quasi", conf, metric, cohort, "df", d$df)
  emit(cas, "quasi", conf, metric, cohort, "low", eff - q * seQ)
  emit(cas, "quasi", conf, metric, cohort, "high", eff + q * seQ)
  emit(cas, "quasi", conf, metric, cohort, "p", pQ)
  emit(cas, "quasi", conf, metric, cohort, "relative_low", 1 - exp(b + q * seLog))
  emit(cas, "quasi", conf, metric, cohort, "relative_high", 1 - exp(b - q * seLog))
  invisible(d)
}

# fixed: the treatment group's records against the contractual rate b0.
one_group <- function(cas, conf, metric, cohort, y, e, b0) {
  x <- sum(y); E <- sum(e); l <- x / E
  fit <- glm(y ~ 1 + offset(log(b0 * e)), family = quasipoisson, control = CTRL)
  s <- summary(fit)
  d <- pearson(fit)
  check(s$dispersion, d$phi, tol = 1e-7, what = "fixed: dispersion")
  check(d$X2, sum((y - l * e)^2 / (l * e)), what = "fixed: X² by formula")
  check(coef(fit)[["(Intercept)"]], log(l / b0), what = "fixed: log(λ/b)")
  b <- log(l / b0)
  seLog <- sqrt(d$phi / x)
  check(s$coefficients[1, "Std. Error"], seLog, tol = 1e-7, what = "fixed: se of log(λ/b)")
  pQ <- 2 * pt(-abs(b / seLog), d$df)
  check(s$coefficients[1, "Pr(>|t|)"], pQ, tol = 1e-6, what = "fixed: p from t on df.residual")
  seP <- sqrt(x) / E
  seQ <- sqrt(d$phi) * seP
  # Identity link: the rate itself, se √φ·√x/E.
  fitD <- glm(I(y / e) ~ 1, weights = e, family = quasipoisson(link = "identity"), control = CTRL, start = l)
  check(summary(fitD)$coefficients[1, "Std. Error"], seQ, tol = 1e-7, what = "fixed: quasi se, identity link")
  q <- qt(1 - (1 - conf) / 2, d$df)
  eff <- b0 - l
  for (cv in c("poisson", "quasi")) {
    emit(cas, cv, conf, metric, cohort, "dispersion", d$phi)
    emit(cas, cv, conf, metric, cohort, "dispersion_p", d$p)
    emit(cas, cv, conf, metric, cohort, "effect", eff)
  }
  emit(cas, "poisson", conf, metric, cohort, "se", seP)
  emit(cas, "quasi", conf, metric, cohort, "se", seQ)
  emit(cas, "quasi", conf, metric, cohort, "df", d$df)
  emit(cas, "quasi", conf, metric, cohort, "low", eff - q * seQ)
  emit(cas, "quasi", conf, metric, cohort, "high", eff + q * seQ)
  emit(cas, "quasi", conf, metric, cohort, "p", pQ)
  emit(cas, "quasi", conf, metric, cohort, "relative_low", 1 - exp(b + q * seLog))
  emit(cas, "quasi", conf, metric, cohort, "relative_high", 1 - exp(b - q * seLog))
  invisible(d)
}

# Records of a participants file for one metric: drop empty values.
read_part <- function(file, metric) {
  p <- read.csv(file, colClasses = "character", na.strings = character(0))
  p <- p[p[[metric]] != "", ]
  data.frame(group = p$group, cohort = p$cohort, period = as.integer(p$period),
             y = as.numeric(p[[metric]]), e = 1)
}

# comparison: per cohort the treatment records of the cohort and the
# comparison records with its label or none; pooled: all of them, once each.
comparison_rows <- function(cas, conf, metric, r, post, trt = "treatment", ctl = "control") {
  r <- r[r$period %in% post, ]
  cohorts <- sort(unique(r$cohort[r$group == trt]))
  res <- list()
  for (c in c(cohorts, "pooled")) {
    cs <- if (c == "pooled") cohorts else c
    sel <- (r$group == trt & r$cohort %in% cs) | (r$group == ctl & r$cohort %in% c(cs, ""))
    res[[c]] <- two_group(cas, conf, metric, c, r$y[sel], r$e[sel], r$group[sel] == trt)
  }
  res
}

# ----------------------------------------------------------------------------------------------
# 3. The cases
# ----------------------------------------------------------------------------------------------

## The Estonian example (testdata/estonia/outcomes): reconvictions, comparison, post 2025-2026.
est <- read_part("../../estonia/outcomes/participants.csv", "reconvictions")
est_res <- comparison_rows("estonia", 0.95, "reconvictions", est, 2025:2026)
invisible(comparison_rows("estonia", 0.9, "reconvictions", est, 2025:2026))

## hand
h <- read_part("cases/hand/participants.csv", "events")
hr <- comparison_rows("hand", 0.95, "events", h, 2025)
check(hr[["2025"]]$phi, 18.5 / 8, what = "hand: φ = 18.5/8")
hf <- read_part("cases/hand/participants.csv", "events_fixed")
hf <- hf[hf$group == "treatment", ]
hfr <- one_group("hand", 0.95, "events_fixed", "2025", hf$y, hf$e, 3)
invisible(one_group("hand", 0.95, "events_fixed", "pooled", hf$y, hf$e, 3))
check(hfr$phi, 13 / 4, what = "hand: fixed φ = 13/4")

## The folders of testdata/reference/outcomes (negative binomial reconvictions).
invisible(comparison_rows("comparison", 0.95, "reconvictions",
                read_part("../outcomes/cases/comparison/participants.csv", "reconvictions"), 2025))
f <- read_part("../outcomes/cases/fixed/participants.csv", "reconvictions")
f <- f[f$period == 2025 & f$group == "treatment", ]
for (c in c("2024", "2025", "pooled")) {
  sel <- if (c == "pooled") rep(TRUE, nrow(f)) else f$cohort == c
  one_group("fixed", 0.95, "reconvictions", c, f$y[sel], f$e[sel], 0.9)
}
hi <- read_part("../outcomes/cases/historical/participants.csv", "reconvictions")
T <- hi[hi$group == "treatment" & hi$period == 2025, ]
C <- hi[hi$group == "historical" & hi$period == 2021, ]
for (c in c("2024", "2025", "pooled")) {
  tt <- if (c == "pooled") T else T[T$cohort == c, ]
  two_group("historical", 0.95, "reconvictions", c, c(tt$y, C$y), c(tt$e, C$e),
            c(rep(TRUE, nrow(tt)), rep(FALSE, nrow(C))))
}

## exposure: the records behind aggregates.csv, each with its exposure a.
recs$period <- 2025L
ex <- comparison_rows("exposure", 0.95, "reconvictions",
                      data.frame(group = recs$group, cohort = recs$cohort, period = recs$period,
                                 y = recs$y, e = recs$e), 2025)
# A second route from the aggregates alone: per cell, with a = E/n and
# S = sum_sq, Σ (y − λa)²/(λa) = S/(λa) − 2x + λE.
ag <- read.csv("cases/exposure/aggregates.csv", colClasses = c(cohort = "character"))
ag$cohort[is.na(ag$cohort)] <- ""
x2 <- function(rows, lam) sum(rows$sum_sq / (lam * rows$exposure / rows$n) - 2 * rows$events + lam * rows$exposure)
agT <- ag[ag$group == "treatment" & ag$cohort == "2024", ]
agC <- ag[ag$group == "control" & ag$cohort %in% c("2024", ""), ]
lt <- sum(agT$events) / sum(agT$exposure); lc <- sum(agC$events) / sum(agC$exposure)
check((x2(agT, lt) + x2(agC, lc)) / (sum(agT$n) + sum(agC$n) - 2), ex[["2024"]]$phi,
      what = "exposure: φ from the aggregates")

writeLines(c("case,count_variance,confidence,metric,cohort,quantity,value", out), "expected.csv",
           useBytes = TRUE)

# The figures quoted in docs/outcomes.md.
for (c in names(est_res)) cat(sprintf("estonia %s: phi %.4f df %d X2 p %.3g\n", c, est_res[[c]]$phi,
                                      est_res[[c]]$df, est_res[[c]]$p))
