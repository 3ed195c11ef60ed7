# Independent reference values for package outcomes (docs/outcomes.md), base R only.
# Run:  cd testdata/reference/outcomes && Rscript gen.R
# Writes cases/<name>/ (input folders), expected.csv and power.csv. Deterministic (set.seed).
# Every check below stops the script if a second route disagrees.

options(warn = 1, stringsAsFactors = FALSE)
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20250417)

FMT <- function(v) ifelse(is.na(v) | !is.finite(v), "NA", sprintf("%.17g", v))
check <- function(a, b, tol = 1e-9, what = "") {
  a <- unname(a); b <- unname(b)
  same_na <- is.na(a) & is.na(b)
  ok <- all(same_na | (!is.na(a) & !is.na(b) & abs(a - b) <= tol * pmax(1, abs(a), abs(b))))
  if (!isTRUE(ok)) stop(sprintf("check failed: %s: %s vs %s", what,
                                paste(format(a, digits = 17), collapse = " "),
                                paste(format(b, digits = 17), collapse = " ")))
  invisible(TRUE)
}

# ----------------------------------------------------------------------------------------------
# 1. Synthetic data
# ----------------------------------------------------------------------------------------------

METRICS <- c("reoffend", "reconvictions", "custody_days", "earnings")
KIND <- c(reoffend = "binary", reconvictions = "count", custody_days = "duration", earnings = "continuous")
DIRN <- c(reoffend = "lower", reconvictions = "lower", custody_days = "lower", earnings = "higher")
UNIT <- c(reoffend = "share", reconvictions = "events", custody_days = "days", earnings = "EUR")

id_counter <- 0L
# One block of participants: n records of one group, cohort and period.
# p: reoffending probability; lam: mean reconvictions (negative binomial, size 2);
# pz: share with no custody; cpos: mean custody days of those with custody (gamma, shape 1.2);
# em, es: earnings mean and sd.
block <- function(n, group, cohort, period, p, lam, pz, cpos, em, es = 4000) {
  ids <- id_counter + seq_len(n)
  id_counter <<- id_counter + n
  d <- data.frame(
    id = sprintf("P%06d", ids), group = group, cohort = cohort, period = as.integer(period),
    reoffend = rbinom(n, 1, p),
    reconvictions = rnbinom(n, size = 2, mu = lam),
    custody_days = ifelse(runif(n) < pz, 0, round(rgamma(n, shape = 1.2, rate = 1.2 / cpos))),
    earnings = round(rnorm(n, em, es), 2))
  d$earnings[d$earnings == 0] <- 0 # no "-0.00"
  for (m in METRICS) d[[m]][runif(n) < 0.02] <- NA # about 2% missing cells
  d
}

write_plain <- function(d, file) {
  # plain comma CSV, no quotes; NA -> empty cell
  out <- d
  for (j in seq_along(out)) {
    v <- out[[j]]
    if (is.numeric(v)) {
      s <- if (names(out)[j] %in% c("earnings", "sum")) sprintf("%.2f", v)
           else if (names(out)[j] == "sum_sq") sprintf("%.4f", v)
           else if (names(out)[j] %in% c("sd", "exposure")) as.character(v)
           else sprintf("%d", as.integer(round(v)))
      s[is.na(v)] <- ""
      out[[j]] <- s
    } else {
      v[is.na(v)] <- ""
      if (any(grepl("[,\"\n]", v))) stop("value needs quoting")
      out[[j]] <- v
    }
  }
  lines <- c(paste(names(out), collapse = ","), do.call(paste, c(unname(as.list(out)), sep = ",")))
  writeLines(lines, file, useBytes = TRUE)
}

metrics_file <- function(method, comparison = "", baseline = c(), pre = "", post = "") {
  data.frame(metric = METRICS, kind = unname(KIND[METRICS]), direction = unname(DIRN[METRICS]),
             method = method, treatment = "treatment", comparison = comparison,
             baseline = if (length(baseline)) as.character(unname(baseline[METRICS])) else "",
             pre = pre, post = post, unit = unname(UNIT[METRICS]))
}

write_case <- function(name, metrics, participants = NULL, aggregates = NULL) {
  dir <- file.path("cases", name)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  for (f in list.files(dir, full.names = TRUE)) file.remove(f)
  write_plain(metrics, file.path(dir, "metrics.csv"))
  if (!is.null(participants)) write_plain(participants, file.path(dir, "participants.csv"))
  if (!is.null(aggregates)) write_plain(aggregates, file.path(dir, "aggregates.csv"))
}

# Treatment does somewhat better than the comparison group.
TRT <- list(p = 0.34, lam = 0.72, pz = 0.62, cpos = 55, em = 9600)
CTL <- list(p = 0.41, lam = 0.90, pz = 0.55, cpos = 62, em = 9000)
blk <- function(n, group, cohort, period, par) do.call(block, c(list(n, group, cohort, period), par))

## comparison (and comparison90: same files)
id_counter <- 0L
d <- rbind(blk(412, "treatment", "2024", 2025, TRT),
           blk(578, "treatment", "2025", 2025, modifyList(TRT, list(p = 0.37, em = 9300))),
           blk(263, "control", "2024", 2025, CTL),
           blk(349, "control", "2025", 2025, modifyList(CTL, list(p = 0.40, em = 8900))))
write_case("comparison", metrics_file("comparison", comparison = "control"), d)
write_case("comparison90", metrics_file("comparison", comparison = "control"), d)

## fixed
id_counter <- 0L
d <- rbind(blk(380, "treatment", "2024", 2025, TRT),
           blk(455, "treatment", "2025", 2025, modifyList(TRT, list(p = 0.40, lam = 0.85, em = 8700))))
write_case("fixed", metrics_file("fixed", baseline = c(reoffend = 0.42, reconvictions = 0.9,
                                                       custody_days = 30, earnings = 8500),
                                 post = "2025"), d)

## historical: pre = 2021; the 2020 records must be ignored
id_counter <- 0L
d <- rbind(blk(300, "treatment", "2024", 2025, TRT),
           blk(520, "treatment", "2025", 2025, modifyList(TRT, list(p = 0.38))),
           blk(900, "historical", "", 2021, CTL),
           blk(150, "historical", "", 2020, list(p = 0.6, lam = 2, pz = 0.2, cpos = 120, em = 5000)))
write_case("historical", metrics_file("historical", comparison = "historical", pre = "2021",
                                      post = "2025"), d)

## trend: historical 2018-2022 with a linear trend, treatment 2024 (cohort 2024) and 2025 (cohort 2025)
id_counter <- 0L
trend_par <- function(t) list(p = 0.50 - 0.025 * (t - 2018), lam = 1.10 - 0.05 * (t - 2018),
                              pz = 0.50 + 0.02 * (t - 2018), cpos = 70 - 2.5 * (t - 2018),
                              em = 8000 + 250 * (t - 2018))
nper <- c(`2018` = 310, `2019` = 420, `2020` = 280, `2021` = 505, `2022` = 390)
d <- do.call(rbind, lapply(names(nper), function(t)
  blk(nper[[t]], "historical", "", as.integer(t), trend_par(as.integer(t)))))
d <- rbind(d,
           blk(340, "treatment", "2024", 2024, list(p = 0.30, lam = 0.62, pz = 0.68, cpos = 48, em = 10100)),
           blk(460, "treatment", "2025", 2025, list(p = 0.31, lam = 0.60, pz = 0.66, cpos = 50, em = 10600)))
write_case("trend", metrics_file("trend", comparison = "historical", pre = "2018-2022",
                                 post = "2024-2025"), d)

## did: repeated cross-sections, pre 2022, post 2024
id_counter <- 0L
d <- rbind(blk(300, "treatment", "2024", 2022, list(p = 0.45, lam = 1.00, pz = 0.52, cpos = 66, em = 8200)),
           blk(330, "treatment", "2024", 2024, list(p = 0.33, lam = 0.70, pz = 0.63, cpos = 52, em = 9400)),
           blk(260, "treatment", "2025", 2022, list(p = 0.47, lam = 1.05, pz = 0.50, cpos = 68, em = 8100)),
           blk(410, "treatment", "2025", 2024, list(p = 0.36, lam = 0.78, pz = 0.60, cpos = 55, em = 9200)),
           blk(600, "comparison", "", 2022, list(p = 0.40, lam = 0.90, pz = 0.55, cpos = 60, em = 8800)),
           blk(550, "comparison", "", 2024, list(p = 0.39, lam = 0.86, pz = 0.56, cpos = 59, em = 9050)))
write_case("did", metrics_file("did", comparison = "comparison", pre = "2022", post = "2024"), d)

## aggregates: group totals only, method comparison, period 2025
agg_metrics <- data.frame(
  metric = c("reoffend", "reconvictions", "serious_incidents", "custody_days", "earnings"),
  kind = c("binary", "count", "count", "duration", "continuous"),
  direction = c("lower", "lower", "lower", "lower", "higher"),
  method = "comparison", treatment = "treatment", comparison = "control", baseline = "",
  pre = "", post = "2025", unit = c("share", "per person-year", "events", "days", "EUR"))
agg_row <- function(metric, group, cohort, n, events = NA, exposure = NA, sum = NA, sum_sq = NA, sd = NA)
  data.frame(metric = metric, group = group, cohort = cohort, period = 2025L, n = n, events = events,
             exposure = exposure, sum = sum, sum_sq = sum_sq, sd = sd)
# duration and continuous totals from simulated values (2 decimals, so sum_sq has 4 exact decimals)
cont_row <- function(metric, group, cohort, x, use_sd) {
  n <- length(x); s <- sum(x)
  if (use_sd) agg_row(metric, group, cohort, n, sum = s, sd = signif(sd(x), 7))
  else agg_row(metric, group, cohort, n, sum = s, sum_sq = sum(x^2))
}
cd <- function(n, pz, cpos) ifelse(runif(n) < pz, 0, round(rgamma(n, shape = 1.2, rate = 1.2 / cpos)))
aggregates <- rbind(
  agg_row("reoffend", "treatment", "2024", 420, events = 139),
  agg_row("reoffend", "treatment", "2025", 515, events = 181),
  agg_row("reoffend", "control", "2024", 288, events = 121),
  agg_row("reoffend", "control", "2025", 301, events = 118),
  agg_row("reconvictions", "treatment", "2024", 420, events = 201, exposure = 311.5),
  agg_row("reconvictions", "treatment", "2025", 515, events = 262, exposure = 402.25),
  agg_row("reconvictions", "control", "2024", 288, events = 187, exposure = 230.75),
  agg_row("reconvictions", "control", "2025", 301, events = 205, exposure = 244),
  agg_row("serious_incidents", "treatment", "2024", 420, events = 7),
  agg_row("serious_incidents", "treatment", "2025", 515, events = 3),
  agg_row("serious_incidents", "control", "2024", 288, events = 9),
  agg_row("serious_incidents", "control", "2025", 301, events = 0),
  cont_row("custody_days", "treatment", "2024", cd(420, 0.62, 55), TRUE),
  cont_row("custody_days", "treatment", "2025", cd(515, 0.60, 57), FALSE),
  cont_row("custody_days", "control", "2024", cd(288, 0.55, 62), FALSE),
  cont_row("custody_days", "control", "2025", cd(301, 0.56, 60), TRUE),
  cont_row("earnings", "treatment", "2024", round(rnorm(420, 9550, 4100), 2), FALSE),
  cont_row("earnings", "treatment", "2025", round(rnorm(515, 9400, 3900), 2), TRUE),
  cont_row("earnings", "control", "2024", round(rnorm(288, 9000, 4000), 2), TRUE),
  cont_row("earnings", "control", "2025", round(rnorm(301, 8950, 4200), 2), FALSE))
write_case("aggregates", agg_metrics, aggregates = aggregates)

# ----------------------------------------------------------------------------------------------
# 2. Reference computations (from the files as written, read back)
# ----------------------------------------------------------------------------------------------

read_chr <- function(f) read.csv(f, colClasses = "character", na.strings = character(0),
                                 check.names = FALSE)
num <- function(s) { v <- rep(NA_real_, length(s)); k <- s != ""; v[k] <- as.numeric(s[k]); v }
periods_of <- function(s) {
  if (is.na(s) || s == "") return(NULL)
  if (grepl("^-?[0-9]+--?[0-9]+$", s)) {
    ab <- as.integer(regmatches(s, regexec("^(-?[0-9]+)-(-?[0-9]+)$", s))[[1]][2:3])
    return(ab[1]:ab[2])
  }
  as.integer(s)
}
in_periods <- function(per, set) if (is.null(set)) rep(TRUE, length(per)) else per %in% set

QUANT <- c("n_treatment", "observed", "baseline", "effect", "se", "low", "high", "p",
           "relative", "relative_low", "relative_high", "df")

# Turn an estimate on the raw scale (o - B, with limits lo, hi for o - B) into the improvement scale.
improve <- function(dir, d, lo, hi) if (dir == "lower") c(-d, -hi, -lo) else c(d, lo, hi)
# Relative effect from an interval [rL, rU] for the ratio o/B.
rel_from_ratio <- function(dir, effect, B, rL, rU) {
  rel <- if (B == 0) NA else effect / B
  lim <- if (dir == "lower") c(1 - rU, 1 - rL) else c(rL - 1, rU - 1)
  lim[!is.finite(lim)] <- NA
  c(rel, lim)
}
rel_log <- function(dir, effect, o, B, Vo, VB, conf) {
  if (!(o > 0 && B > 0)) return(c(if (B == 0) NA else effect / B, NA, NA))
  z <- qnorm(1 - (1 - conf) / 2)
  s <- sqrt(Vo / o^2 + VB / B^2)
  rel_from_ratio(dir, effect, B, exp(log(o / B) - z * s), exp(log(o / B) + z * s))
}
result <- function(nT, o, B, imp, se, p, rel, df = NA)
  c(n_treatment = nT, observed = o, baseline = B, effect = imp[1], se = se, low = imp[2],
    high = imp[3], p = p, relative = rel[1], relative_low = rel[2], relative_high = rel[3], df = df)

wilson <- function(x, n, conf) prop.test(x, n, correct = FALSE, conf.level = conf)$conf.int[1:2]

## two-sample estimators (comparison, historical), from totals
bin2 <- function(dir, xT, nT, xC, nC, conf) {
  pT <- xT / nT; pC <- xC / nC; d <- pT - pC
  wT <- wilson(xT, nT, conf); wC <- wilson(xC, nC, conf)
  lo <- d - sqrt((pT - wT[1])^2 + (wC[2] - pC)^2) # Newcombe 1998, method 10
  hi <- d + sqrt((wT[2] - pT)^2 + (pC - wC[1])^2)
  p <- suppressWarnings(prop.test(c(xT, xC), c(nT, nC), correct = FALSE)$p.value)
  # second route: pooled two-proportion z-test
  pp <- (xT + xC) / (nT + nC)
  check(p, 2 * pnorm(-abs(d) / sqrt(pp * (1 - pp) * (1 / nT + 1 / nC))), 1e-9, "pooled z")
  imp <- improve(dir, d, lo, hi)
  result(nT, pT, pC, imp, sqrt(pT * (1 - pT) / nT + pC * (1 - pC) / nC), p,
         rel_log(dir, imp[1], pT, pC, pT * (1 - pT) / nT, pC * (1 - pC) / nC, conf))
}
cnt2 <- function(dir, xT, ET, xC, EC, nT, conf) {
  lT <- xT / ET; lC <- xC / EC; d <- lT - lC
  se <- sqrt(xT / ET^2 + xC / EC^2)
  z <- qnorm(1 - (1 - conf) / 2)
  pt2 <- poisson.test(c(xT, xC), c(ET, EC), conf.level = conf)
  # second route for the exact rate-ratio interval: Clopper-Pearson for xT of xT + xC
  cp <- binom.test(xT, xT + xC, conf.level = conf)$conf.int
  check(pt2$conf.int[1], cp[1] / (1 - cp[1]) * EC / ET, 1e-12, "rate ratio low")
  imp <- improve(dir, d, d - z * se, d + z * se)
  result(nT, lT, lC, imp, se, pt2$p.value,
         rel_from_ratio(dir, imp[1], lC, pt2$conf.int[1], pt2$conf.int[2]))
}
welch_tot <- function(dir, mT, vT, nT, mC, vC, nC, conf) {
  d <- mT - mC; aT <- vT / nT; aC <- vC / nC
  se <- sqrt(aT + aC)
  df <- (aT + aC)^2 / (aT^2 / (nT - 1) + aC^2 / (nC - 1))
  q <- qt(1 - (1 - conf) / 2, df)
  imp <- improve(dir, d, d - q * se, d + q * se)
  result(nT, mT, mC, imp, se, 2 * pt(-abs(d / se), df), rel_log(dir, imp[1], mT, mC, aT, aC, conf), df)
}
welch_raw <- function(dir, yT, yC, conf) {
  tt <- t.test(yT, yC, var.equal = FALSE, conf.level = conf)
  imp <- improve(dir, unname(diff(rev(tt$estimate))), tt$conf.int[1], tt$conf.int[2])
  r <- result(length(yT), mean(yT), mean(yC), imp, tt$stderr, tt$p.value,
              rel_log(dir, imp[1], mean(yT), mean(yC), var(yT) / length(yT), var(yC) / length(yC), conf),
              unname(tt$parameter))
  # second route: Welch by formula
  r2 <- welch_tot(dir, mean(yT), var(yT), length(yT), mean(yC), var(yC), length(yC), conf)
  check(r, r2, 1e-9, "Welch formula vs t.test")
  r
}

## fixed
bin_fixed <- function(dir, x, n, b, conf) {
  pr <- prop.test(x, n, p = b, correct = FALSE, conf.level = conf)
  p <- x / n; ci <- pr$conf.int
  # second route: Wilson interval by formula
  z <- qnorm(1 - (1 - conf) / 2)
  ctr <- (p + z^2 / (2 * n)) / (1 + z^2 / n); hw <- z / (1 + z^2 / n) * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  check(ci[1:2], c(ctr - hw, ctr + hw), 1e-12, "Wilson formula")
  check(pr$p.value, 2 * pnorm(-abs(p - b) / sqrt(b * (1 - b) / n)), 1e-9, "score test")
  imp <- improve(dir, p - b, ci[1] - b, ci[2] - b)
  result(n, p, b, imp, sqrt(p * (1 - p) / n), pr$p.value, rel_from_ratio(dir, imp[1], b, ci[1] / b, ci[2] / b))
}
cnt_fixed <- function(dir, x, E, n, b, conf) {
  pt1 <- poisson.test(x, E, r = b, conf.level = conf)
  ci <- pt1$conf.int
  a <- 1 - conf
  check(ci[1:2], c(if (x == 0) 0 else qgamma(a / 2, x) / E, qgamma(1 - a / 2, x + 1) / E), 1e-12,
        "exact Poisson interval")
  l <- x / E
  imp <- improve(dir, l - b, ci[1] - b, ci[2] - b)
  result(n, l, b, imp, sqrt(x) / E, pt1$p.value, rel_from_ratio(dir, imp[1], b, ci[1] / b, ci[2] / b))
}
t_fixed <- function(dir, y, b, conf) {
  tt <- t.test(y, mu = b, conf.level = conf)
  n <- length(y); m <- mean(y); se <- sd(y) / sqrt(n)
  check(tt$stderr, se, 1e-12, "one-sample se")
  imp <- improve(dir, m - b, tt$conf.int[1] - b, tt$conf.int[2] - b)
  result(n, m, b, imp, se, tt$p.value, rel_log(dir, imp[1], m, b, var(y) / n, 0, conf), n - 1)
}

## trend
trend_est <- function(dir, yT, tT, yC, tC, conf) {
  fit <- lm(y ~ period, data = data.frame(y = yC, period = tC))
  tstar <- mean(tT) # n-weighted mean period of the treatment records used
  pr <- predict(fit, newdata = data.frame(period = tstar), se.fit = TRUE)
  B <- unname(pr$fit); sef <- unname(pr$se.fit); N <- length(yC)
  # second route: se_fit by formula
  check(sef, sigma(fit) * sqrt(1 / N + (tstar - mean(tC))^2 / sum((tC - mean(tC))^2)), 1e-9, "se_fit")
  nT <- length(yT); o <- mean(yT); aT <- var(yT) / nT
  se <- sqrt(aT + sef^2)
  df <- (aT + sef^2)^2 / (aT^2 / (nT - 1) + sef^4 / (N - 2))
  q <- qt(1 - (1 - conf) / 2, df)
  d <- o - B
  imp <- improve(dir, d, d - q * se, d + q * se)
  result(nT, o, B, imp, se, 2 * pt(-abs(d / se), df), rel_log(dir, imp[1], o, B, aT, sef^2, conf), df)
}

## did
did_est <- function(dir, yTpre, yTpost, yCpre, yCpost, conf) {
  y <- c(yTpre, yTpost, yCpre, yCpost)
  treated <- rep(c(1, 1, 0, 0), c(length(yTpre), length(yTpost), length(yCpre), length(yCpost)))
  post <- rep(c(0, 1, 0, 1), c(length(yTpre), length(yTpost), length(yCpre), length(yCpost)))
  fit <- lm(y ~ treated * post)
  co <- summary(fit)$coefficients["treated:post", ]
  ci <- confint(fit, "treated:post", level = conf)
  o <- mean(yTpost); B <- mean(yTpre) + (mean(yCpost) - mean(yCpre))
  ns <- c(length(yTpre), length(yTpost), length(yCpre), length(yCpost))
  s2 <- sigma(fit)^2
  # second route: cell means and pooled within-cell variance
  ss <- sum((yTpre - mean(yTpre))^2) + sum((yTpost - mean(yTpost))^2) +
        sum((yCpre - mean(yCpre))^2) + sum((yCpost - mean(yCpost))^2)
  check(co[["Estimate"]], o - B, 1e-9, "did estimate")
  check(co[["Std. Error"]], sqrt(ss / (sum(ns) - 4) * sum(1 / ns)), 1e-9, "did se")
  imp <- improve(dir, co[["Estimate"]], ci[1], ci[2])
  result(length(yTpost), o, B, imp, co[["Std. Error"]], co[["Pr(>|t|)"]],
         rel_log(dir, imp[1], o, B, s2 / ns[2], s2 * (1 / ns[1] + 1 / ns[3] + 1 / ns[4]), conf),
         fit$df.residual)
}

## one case with participants.csv
case_participants <- function(name, conf) {
  dir <- file.path("cases", name)
  mt <- read_chr(file.path(dir, "metrics.csv"))
  pa <- read_chr(file.path(dir, "participants.csv"))
  per <- as.integer(pa$period)
  rows <- list()
  for (i in seq_len(nrow(mt))) {
    m <- mt[i, ]; dir_ <- m$direction; kind <- m$kind
    y <- num(pa[[m$metric]])
    trt <- if (m$treatment == "") "treatment" else m$treatment
    post <- periods_of(m$post); pre <- periods_of(m$pre)
    isT <- pa$group == trt & !is.na(y) & in_periods(per, post)
    isC <- pa$group == m$comparison & !is.na(y)
    cohorts <- sort(unique(pa$cohort[isT]))
    for (co in c(cohorts, "pooled")) {
      cs <- if (co == "pooled") cohorts else co
      Tk <- isT & pa$cohort %in% cs
      r <- switch(m$method,
        comparison = , historical = {
          Ck <- if (m$method == "comparison") isC & in_periods(per, post) & pa$cohort %in% c(cs, "")
                else isC & per %in% pre # whatever their cohort
          yT <- y[Tk]; yC <- y[Ck]
          switch(kind,
            binary = bin2(dir_, sum(yT), length(yT), sum(yC), length(yC), conf),
            count = cnt2(dir_, sum(yT), length(yT), sum(yC), length(yC), length(yT), conf),
            welch_raw(dir_, yT, yC, conf))
        },
        fixed = {
          b <- as.numeric(m$baseline); yT <- y[Tk]
          switch(kind,
            binary = bin_fixed(dir_, sum(yT), length(yT), b, conf),
            count = cnt_fixed(dir_, sum(yT), length(yT), length(yT), b, conf),
            t_fixed(dir_, yT, b, conf))
        },
        trend = {
          Ck <- isC & per %in% pre
          trend_est(dir_, y[Tk], per[Tk], y[Ck], per[Ck], conf)
        },
        did = {
          Tb <- pa$group == trt & !is.na(y) & pa$cohort %in% cs
          Cb <- isC & pa$cohort %in% c(cs, "")
          did_est(dir_, y[Tb & per %in% pre], y[Tb & per %in% post], y[Cb & per %in% pre],
                  y[Cb & per %in% post], conf)
        })
      rows[[length(rows) + 1]] <- data.frame(case = name, confidence = as.character(conf),
                                             metric = m$metric, cohort = co, quantity = QUANT,
                                             value = unname(r[QUANT]))
    }
  }
  do.call(rbind, rows)
}

## the aggregates case: from totals by formula
case_aggregates <- function(name, conf) {
  dir <- file.path("cases", name)
  mt <- read_chr(file.path(dir, "metrics.csv"))
  ag <- read_chr(file.path(dir, "aggregates.csv"))
  for (k in c("n", "events", "exposure", "sum", "sum_sq", "sd")) ag[[k]] <- num(ag[[k]])
  ag$period <- as.integer(ag$period)
  rows <- list()
  for (i in seq_len(nrow(mt))) {
    m <- mt[i, ]; dir_ <- m$direction; kind <- m$kind
    post <- periods_of(m$post)
    a <- ag[ag$metric == m$metric & in_periods(ag$period, post), ]
    a$exposure[is.na(a$exposure)] <- a$n[is.na(a$exposure)]
    # sum of squares about the mean, M2 = (n - 1) s^2
    a$M2 <- ifelse(is.na(a$sd), a$sum_sq - a$sum^2 / a$n, (a$n - 1) * a$sd^2)
    trt <- if (m$treatment == "") "treatment" else m$treatment
    cohorts <- sort(unique(a$cohort[a$group == trt]))
    for (co in c(cohorts, "pooled")) {
      cs <- if (co == "pooled") cohorts else co
      Tr <- a[a$group == trt & a$cohort %in% cs, ]
      Cr <- a[a$group == m$comparison & a$cohort %in% c(cs, ""), ]
      pool <- function(r) { # combine cells: n, mean, variance (parallel-variance formula)
        n <- sum(r$n); mu <- sum(r$sum) / n
        M2 <- sum(r$M2) + sum(r$n * (r$sum / r$n - mu)^2)
        c(n = n, m = mu, v = M2 / (n - 1))
      }
      r <- switch(kind,
        binary = bin2(dir_, sum(Tr$events), sum(Tr$n), sum(Cr$events), sum(Cr$n), conf),
        count = cnt2(dir_, sum(Tr$events), sum(Tr$exposure), sum(Cr$events), sum(Cr$exposure),
                     sum(Tr$n), conf),
        { pT <- pool(Tr); pC <- pool(Cr)
          welch_tot(dir_, pT[["m"]], pT[["v"]], pT[["n"]], pC[["m"]], pC[["v"]], pC[["n"]], conf) })
      rows[[length(rows) + 1]] <- data.frame(case = name, confidence = as.character(conf),
                                             metric = m$metric, cohort = co, quantity = QUANT,
                                             value = unname(r[QUANT]))
    }
  }
  do.call(rbind, rows)
}

## textbook checks
# Newcombe (1998) Table II: 56/70 vs 48/80, method 10 gives 0.0524 to 0.3339
nb <- bin2("higher", 56, 70, 48, 80, 0.95)
check(round(nb[c("low", "high")], 4), c(0.0524, 0.3339), 1e-12, "Newcombe Table II")
# Newcombe (1998) Table II (b) 9/10 vs 3/10: 0.1705 to 0.8090; (d) 5/56 vs 0/29: -0.0381 to 0.1926
nb2 <- bin2("higher", 9, 10, 3, 10, 0.95)
check(round(nb2[c("low", "high")], 4), c(0.1705, 0.8090), 1e-12, "Newcombe Table II (b)")
nb3 <- bin2("higher", 5, 56, 0, 29, 0.95)
check(round(nb3[c("low", "high")], 4), c(-0.0381, 0.1926), 1e-12, "Newcombe Table II (d)")

expected <- rbind(
  case_participants("comparison", 0.95),
  case_participants("comparison90", 0.90),
  case_participants("fixed", 0.95),
  case_participants("historical", 0.95),
  case_participants("trend", 0.95),
  case_participants("did", 0.95),
  case_aggregates("aggregates", 0.95))
# df only where a t distribution is used
expected <- expected[!(expected$quantity == "df" & is.na(expected$value)), ]
expected$value <- FMT(expected$value)
write.csv(expected, "expected.csv", row.names = FALSE, quote = FALSE)

# ----------------------------------------------------------------------------------------------
# 3. Power
# ----------------------------------------------------------------------------------------------

zq <- function(conf, sides) qnorm(1 - (1 - conf) / sides)
# n1: treatment group with level p1 (or lambda1), n2: comparison group with level p0
pow_bin <- function(p0, p1, n1, n2, conf, sides) {
  pbar <- (n1 * p1 + n2 * p0) / (n1 + n2)
  pnorm((abs(p1 - p0) - zq(conf, sides) * sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2))) /
          sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n2))
}
pow_cnt <- function(l0, l1, n1, n2, conf, sides) {
  lbar <- (n1 * l1 + n2 * l0) / (n1 + n2)
  pnorm((abs(l1 - l0) - zq(conf, sides) * sqrt(lbar * (1 / n1 + 1 / n2))) / sqrt(l1 / n1 + l0 / n2))
}
pow_t <- function(delta, s, n1, n2, conf, sides) {
  nu <- n1 + n2 - 2
  pt(qt(1 - (1 - conf) / sides, nu), nu, ncp = delta / (s * sqrt(1 / n1 + 1 / n2)), lower.tail = FALSE)
}
alt <- function(sides) if (sides == 1) "one.sided" else "two.sided"
TOL <- 1e-12

# direction lower: p1 = p0 - d, 0 < d < p0
mde_bin_root <- function(p0, n1, n2, conf, sides, power)
  uniroot(function(d) pow_bin(p0, p0 - d, n1, n2, conf, sides) - power, c(0, p0), tol = TOL)$root
mde_cnt_root <- function(l0, n1, n2, conf, sides, power)
  uniroot(function(d) pow_cnt(l0, l0 - d, n1, n2, conf, sides) - power, c(0, l0), tol = TOL)$root
mde_t_root <- function(s, n1, n2, conf, sides, power)
  uniroot(function(d) pow_t(d, s, n1, n2, conf, sides) - power, c(0, 10 * s), tol = TOL,
          extendInt = "upX")$root

power_row <- function(kind, sides, conf, power, baseline = NA, sd = NA, n1 = NA, n2 = NA,
                      effect = NA, solve) {
  v <- if (solve == "effect") {
    if (kind == "binary") {
      r <- mde_bin_root(baseline, n1, n2, conf, sides, power)
      if (n1 == n2) { # R, by symmetry p -> 1 - p (power.prop.test searches p2 > p1)
        pp <- power.prop.test(n = n1, p1 = 1 - baseline, power = power, sig.level = 1 - conf,
                              alternative = alt(sides), tol = TOL)
        v <- pp$p2 - (1 - baseline)
        check(v, r, 1e-9, "binary MDE: power.prop.test vs uniroot")
        v
      } else r
    } else if (kind == "continuous") {
      r <- mde_t_root(sd, n1, n2, conf, sides, power)
      if (n1 == n2) {
        v <- power.t.test(n = n1, sd = sd, power = power, sig.level = 1 - conf, delta = NULL,
                          alternative = alt(sides), tol = TOL)$delta
        check(v, r, 1e-9, "t MDE: power.t.test vs uniroot")
        v
      } else r
    } else mde_cnt_root(baseline, n1, n2, conf, sides, power)
  } else { # solve n (equal groups)
    if (kind == "binary") {
      v <- power.prop.test(p1 = baseline, p2 = baseline - effect, power = power, sig.level = 1 - conf,
                           alternative = alt(sides), tol = TOL)$n
      r <- uniroot(function(n) pow_bin(baseline, baseline - effect, n, n, conf, sides) - power,
                   c(2, 1e7), tol = TOL)$root
      check(v, r, 1e-9, "binary n: power.prop.test vs uniroot"); v
    } else if (kind == "continuous") {
      v <- power.t.test(delta = effect, sd = sd, power = power, sig.level = 1 - conf,
                        alternative = alt(sides), tol = TOL)$n
      r <- uniroot(function(n) pow_t(effect, sd, n, n, conf, sides) - power, c(2, 1e7), tol = TOL)$root
      check(v, r, 1e-9, "t n: power.t.test vs uniroot"); v
    } else {
      l0 <- baseline; l1 <- baseline - effect
      v <- uniroot(function(n) pow_cnt(l0, l1, n, n, conf, sides) - power, c(1e-3, 1e9), tol = TOL)$root
      # second route: closed form
      cf <- ((zq(conf, sides) * sqrt(2 * (l0 + l1) / 2) + qnorm(power) * sqrt(l0 + l1)) / effect)^2
      check(v, cf, 1e-9, "count n closed form"); v
    }
  }
  if (solve == "effect") { # the power is reached at the MDE
    pw <- switch(kind, binary = pow_bin(baseline, baseline - v, n1, n2, conf, sides),
                 count = pow_cnt(baseline, baseline - v, n1, n2, conf, sides),
                 continuous = pow_t(v, sd, n1, n2, conf, sides))
    check(pw, power, 1e-9, "power at MDE")
  }
  chr <- function(x) if (is.na(x)) "" else as.character(x)
  data.frame(kind = kind, sides = sides, confidence = chr(conf), power = chr(power),
             baseline = chr(baseline), sd = chr(sd), n1 = chr(n1), n2 = chr(n2),
             effect = chr(effect), solve = solve, value = FMT(v))
}

P <- list(
  # binary, minimum detectable effect (direction lower), equal groups
  list("binary", 2, 0.95, 0.8, baseline = 0.42, n1 = 200, n2 = 200, solve = "effect"),
  list("binary", 2, 0.95, 0.8, baseline = 0.42, n1 = 800, n2 = 800, solve = "effect"),
  list("binary", 2, 0.95, 0.9, baseline = 0.2, n1 = 500, n2 = 500, solve = "effect"),
  list("binary", 1, 0.95, 0.8, baseline = 0.42, n1 = 200, n2 = 200, solve = "effect"),
  list("binary", 1, 0.90, 0.8, baseline = 0.6, n1 = 30, n2 = 30, solve = "effect"),
  list("binary", 2, 0.90, 0.9, baseline = 0.05, n1 = 5000, n2 = 5000, solve = "effect"),
  list("binary", 2, 0.95, 0.8, baseline = 0.6, n1 = 50, n2 = 50, solve = "effect"),
  # binary, unequal groups
  list("binary", 2, 0.95, 0.8, baseline = 0.42, n1 = 300, n2 = 600, solve = "effect"),
  list("binary", 1, 0.90, 0.9, baseline = 0.2, n1 = 1000, n2 = 250, solve = "effect"),
  list("binary", 2, 0.95, 0.9, baseline = 0.6, n1 = 40, n2 = 120, solve = "effect"),
  list("binary", 2, 0.90, 0.8, baseline = 0.1, n1 = 5000, n2 = 2500, solve = "effect"),
  list("binary", 1, 0.95, 0.8, baseline = 0.3, n1 = 150, n2 = 450, solve = "effect"),
  # binary, n per group (equal groups)
  list("binary", 2, 0.95, 0.8, baseline = 0.42, effect = 0.1, solve = "n"),
  list("binary", 1, 0.95, 0.8, baseline = 0.42, effect = 0.1, solve = "n"),
  list("binary", 2, 0.90, 0.9, baseline = 0.2, effect = 0.05, solve = "n"),
  list("binary", 2, 0.95, 0.9, baseline = 0.05, effect = 0.02, solve = "n"),
  list("binary", 1, 0.90, 0.8, baseline = 0.6, effect = 0.15, solve = "n"),
  # continuous, MDE, equal groups
  list("continuous", 2, 0.95, 0.8, sd = 12000, n1 = 200, n2 = 200, solve = "effect"),
  list("continuous", 2, 0.95, 0.9, sd = 4000, n1 = 30, n2 = 30, solve = "effect"),
  list("continuous", 1, 0.95, 0.8, sd = 4000, n1 = 1000, n2 = 1000, solve = "effect"),
  list("continuous", 2, 0.90, 0.8, sd = 45, n1 = 5000, n2 = 5000, solve = "effect"),
  list("continuous", 1, 0.90, 0.9, sd = 45, n1 = 80, n2 = 80, solve = "effect"),
  # continuous, MDE, unequal groups
  list("continuous", 2, 0.95, 0.8, sd = 12000, n1 = 150, n2 = 450, solve = "effect"),
  list("continuous", 1, 0.90, 0.9, sd = 4000, n1 = 30, n2 = 60, solve = "effect"),
  list("continuous", 2, 0.95, 0.9, sd = 45, n1 = 2000, n2 = 500, solve = "effect"),
  # continuous, n per group
  list("continuous", 2, 0.95, 0.8, sd = 12000, effect = 2500, solve = "n"),
  list("continuous", 1, 0.95, 0.9, sd = 12000, effect = 2500, solve = "n"),
  list("continuous", 2, 0.90, 0.8, sd = 4000, effect = 1500, solve = "n"),
  list("continuous", 2, 0.95, 0.9, sd = 45, effect = 20, solve = "n"),
  list("continuous", 1, 0.90, 0.8, sd = 45, effect = 5, solve = "n"),
  # count (events per participant), MDE (direction lower)
  list("count", 2, 0.95, 0.8, baseline = 0.9, n1 = 200, n2 = 200, solve = "effect"),
  list("count", 1, 0.95, 0.9, baseline = 0.9, n1 = 500, n2 = 500, solve = "effect"),
  list("count", 2, 0.90, 0.8, baseline = 0.3, n1 = 5000, n2 = 5000, solve = "effect"),
  list("count", 2, 0.95, 0.9, baseline = 1.5, n1 = 60, n2 = 60, solve = "effect"),
  list("count", 2, 0.95, 0.8, baseline = 0.9, n1 = 300, n2 = 900, solve = "effect"),
  list("count", 1, 0.90, 0.9, baseline = 0.6, n1 = 1200, n2 = 400, solve = "effect"),
  list("count", 2, 0.95, 0.9, baseline = 1.5, n1 = 40, n2 = 100, solve = "effect"),
  # count, n per group
  list("count", 2, 0.95, 0.8, baseline = 0.9, effect = 0.2, solve = "n"),
  list("count", 1, 0.95, 0.8, baseline = 0.9, effect = 0.2, solve = "n"),
  list("count", 2, 0.90, 0.9, baseline = 0.3, effect = 0.05, solve = "n"),
  list("count", 1, 0.90, 0.9, baseline = 1.5, effect = 0.5, solve = "n"),
  list("count", 2, 0.95, 0.9, baseline = 0.6, effect = 0.15, solve = "n"))
pw <- do.call(rbind, lapply(P, function(a) {
  names(a)[1:4] <- c("kind", "sides", "conf", "power")
  do.call(power_row, a)
}))
write.csv(pw, "power.csv", row.names = FALSE, quote = FALSE)

cat(sprintf("expected.csv: %d rows; power.csv: %d rows\n", nrow(expected), nrow(pw)))
