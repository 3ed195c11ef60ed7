# Independent R reference for `sib match` and `sib outcomes` on the worked
# example testdata/matched (see README.md here). Run from this folder:
#   Rscript reference.R
# R 4.2 with MatchIt 4.5.1 (Debian r-cran-matchit), sandwich, lmtest.
suppressMessages({library(MatchIt); library(sandwich); library(lmtest)})
stopifnot(packageVersion("MatchIt") == "4.5.1")
dir <- "../../matched"
cov <- read.csv(file.path(dir, "covariates.csv"), colClasses = c(id = "character", cohort = "character"))
par <- read.csv(file.path(dir, "participants.csv"), colClasses = c(id = "character", cohort = "character"))
cov$treat <- as.integer(cov$group == "treatment")
# Categorical covariates: levels in byte order (R's treatment contrasts on
# sorted levels; C-locale sort to match "byte order").
for (v in c("sex", "offence", "region")) cov[[v]] <- factor(cov[[v]], levels = sort(unique(cov[[v]]), method = "radix"))
f <- treat ~ age + sex + prior_convictions + sentence_months + offence + region + employed_before

# 1. The propensity model: one glm over every row.
fit <- glm(f, family = binomial, data = cov)
cf <- summary(fit)$coefficients
model <- data.frame(term = rownames(cf), coef = cf[, 1], se = cf[, 2], z = cf[, 3], p = cf[, 4])
write.csv(transform(model, coef = sprintf("%.17g", coef), se = sprintf("%.17g", se),
                    z = sprintf("%.17g", z), p = sprintf("%.17g", p)),
          "model.csv", row.names = FALSE, quote = FALSE)
cov$distance <- predict(fit, type = "link")   # the linear logit

# 2. Matching per cohort, MatchIt's general (matrix) path: see README.md on
# why (the fast path's integer abs() and off-by-one check of 4.5.1).
K <- 10; CAL <- 0.2
cohorts <- c("2024", "2025")
wts <- list(); mobj <- list()
for (co in cohorts) {
  d <- cov[(cov$treat == 1 & cov$cohort == co) | (cov$treat == 0 & (cov$cohort == co | cov$cohort == "")), ]
  d <- d[c(which(d$treat == 1), which(d$treat == 0)), ]   # treated first (m.order "data")
  rownames(d) <- NULL
  dm <- abs(outer(d$distance[d$treat == 1], d$distance[d$treat == 0], "-"))
  m <- suppressWarnings(matchit(f, data = d, method = "nearest", distance = dm, ratio = K,
                                replace = TRUE, m.order = "data", exact = ~sex,
                                caliper = CAL * sd(d$distance), std.caliper = FALSE))
  nm <- rowSums(!is.na(m$match.matrix))
  cat(sprintf("cohort %s: %d of %d treated matched, %d with fewer than %d matches, %d pool units matched\n",
              co, sum(nm > 0), sum(d$treat), sum(nm > 0 & nm < K), K, sum(m$weights[d$treat == 0] > 0)))
  d$weight <- m$weights
  wts[[co]] <- d
  mobj[[co]] <- m
}

# 2b. The docs' greedy rule, written out (sib's documented algorithm, which
# is MatchIt 4.5.2's nn_matchC_vec): within each exact cell, units sorted by
# (distance, file row); with replacement each treated unit takes, k times,
# the nearer of the nearest unused pool unit below it and above it (below
# on a tie), within the caliper. Ties in distance (identical covariates)
# are broken by file row, which the matrix path above does differently.
greedy <- function(d, caliper) {
  w <- numeric(nrow(d)); nmatch <- integer(nrow(d))
  ctr <- numeric(nrow(d))
  for (sx in unique(d$sex)) {
    cell <- which(d$sex == sx)
    pool <- cell[d$treat[cell] == 0]
    pool <- pool[order(d$distance[pool], d$row[pool])]
    pd <- d$distance[pool]; pr <- d$row[pool]
    for (t in cell[d$treat[cell] == 1]) {
      dt <- d$distance[t]; rt <- d$row[t]
      # last pool position below the treated unit in (distance, row) order
      lo <- sum(pd < dt | (pd == dt & pr < rt)); hi <- lo + 1
      got <- integer(0)
      while (length(got) < K) {
        db <- if (lo >= 1) dt - pd[lo] else Inf
        da <- if (hi <= length(pool)) pd[hi] - dt else Inf
        if (min(db, da) > caliper) break
        if (db <= da) { got <- c(got, pool[lo]); lo <- lo - 1 } else { got <- c(got, pool[hi]); hi <- hi + 1 }
      }
      if (length(got)) { w[t] <- 1; ctr[got] <- ctr[got] + 1 / length(got) }
    }
  }
  p <- d$treat == 0
  w[p] <- ctr[p] * sum(ctr[p] > 0) / sum(ctr[p])
  w
}
cov$row <- seq_len(nrow(cov))
for (co in cohorts) {
  d <- wts[[co]]
  d$row <- cov$row[match(paste(d$cohort, d$id), paste(cov$cohort, cov$id))]
  wts[[co]]$weight_matchit <- d$weight
  wts[[co]]$weight <- greedy(d, CAL * sd(d$distance))
  cat(sprintf("cohort %s: greedy vs MatchIt matrix path: %d units' weights differ\n", co,
              sum(abs(wts[[co]]$weight - d$weight) > 1e-9 * pmax(1, d$weight))))
}
W <- do.call(rbind, wts)
W$cohort_m <- rep(cohorts, sapply(wts, nrow))
out <- W[W$weight > 0 | W$weight_matchit > 0, c("cohort_m", "id", "group", "weight", "weight_matchit", "age", "sex",
          "prior_convictions", "sentence_months", "offence", "region", "employed_before")]
names(out)[1] <- "cohort"
# tie: the tie class (identical covariates, hence identical distance)
out$tie <- as.integer(factor(do.call(paste, out[, c("cohort", "age", "sex", "prior_convictions", "sentence_months",
                                                   "offence", "region", "employed_before")])))
out <- out[, c("cohort", "id", "group", "weight", "weight_matchit", "tie")]
write.csv(transform(out, weight = sprintf("%.17g", weight), weight_matchit = sprintf("%.17g", weight_matchit)),
          "weights.csv", row.names = FALSE, quote = FALSE)

# 3. Balance (MatchIt's summary() for the ATT): per cohort and pooled
# (the cohorts stacked, each cohort's pool weights rescaled as below). A matchit object of
# method NULL carries the data and distance; its weights are replaced.
balance <- function(d, label) {
  m0 <- suppressWarnings(matchit(f, data = d, method = NULL, distance = d$distance))
  m0$weights <- d$weight
  m0$info$method <- "nearest"   # so that summary() reports the matched sample
  s <- summary(m0, un = TRUE, interactions = FALSE, standardize = TRUE)
  tab <- function(x, sample) {
    data.frame(cohort = label, sample = sample, covariate = rownames(x),
               mean_treated = x[, "Means Treated"], mean_control = x[, "Means Control"],
               smd = x[, "Std. Mean Diff."], var_ratio = x[, "Var. Ratio"],
               ecdf_mean = x[, "eCDF Mean"], ecdf_max = x[, "eCDF Max"])
  }
  rbind(tab(s$sum.all, "all"), tab(s$sum.matched, "matched"))
}
# Pooled: each cohort's pool weights rescaled to sum to its matched treated
# units (the documented pooling rule), so each cohort's pool stands for its
# treated units.
Wr <- do.call(rbind, lapply(wts, function(r) {
  pw <- sum(r$weight[r$treat == 0])
  if (pw > 0) r$weight[r$treat == 0] <- r$weight[r$treat == 0] * sum(r$weight[r$treat == 1]) / pw
  r }))
bal <- rbind(balance(Wr, "pooled"), balance(wts[["2024"]], "2024"), balance(wts[["2025"]], "2025"))
num <- c("mean_treated", "mean_control", "smd", "var_ratio", "ecdf_mean", "ecdf_max")
bal_out <- bal
for (v in num) bal_out[[v]] <- ifelse(is.na(bal[[v]]), "", sprintf("%.17g", bal[[v]]))
write.csv(bal_out, "balance.csv", row.names = FALSE, quote = FALSE)

# 4. Effects: lm(y ~ treat, weights), HC3, t on the residual df.
post <- c("2024" = "2025", "2025" = "2026")
effect <- function(rows, metric, cohort, conf = 0.95) {
  rows <- rows[rows$weight > 0, ]
  fit <- lm(as.formula(paste(metric, "~ treat")), data = rows, weights = weight)
  V <- vcovHC(fit, type = "HC3")
  ct <- coeftest(fit, vcov. = V)
  ci <- coefci(fit, vcov. = V, level = conf)
  b <- coef(fit); df <- fit$df.residual
  B <- b[1]; o <- b[1] + b[2]
  se_log <- sqrt(V[1, 1] / B^2 + (V[1, 1] + V[2, 2] + 2 * V[1, 2]) / o^2 - 2 * (V[1, 1] + V[1, 2]) / (o * B))
  tq <- qt(1 - (1 - conf) / 2, df)
  # direction lower: effect = baseline - observed = -b1
  data.frame(metric = metric, cohort = cohort, n_treatment = sum(rows$treat == 1),
             n_baseline = sum(rows$treat == 0), observed = o, baseline = B, effect = -b[2],
             se = ct[2, 2], low = -ci[2, 2], high = -ci[2, 1], p = ct[2, 4], df = df,
             relative = 1 - o / B, relative_low = 1 - exp(log(o / B) + tq * se_log),
             relative_high = 1 - exp(log(o / B) - tq * se_log))
}
rowsof <- function(co, wcol) {
  d <- wts[[co]][, c("id", "group", "treat", wcol)]
  names(d)[4] <- "weight"
  p <- par[par$period == post[[co]] & (par$cohort == co | (par$group == "comparison" & par$cohort == "")), ]
  merge(d, p[, c("id", "group", "reoffend", "reconvictions")], by = c("id", "group"))
}
eff <- list()
# weights: the greedy rule's (sib's tie rule; cohort "2024"...) and MatchIt's
# matrix path's (cohort "2024-matchit"...: other members of a few tie classes)
for (wcol in c("weight", "weight_matchit")) {
  R <- lapply(cohorts, rowsof, wcol = wcol); names(R) <- cohorts
  sfx <- if (wcol == "weight") "" else "-matchit"
  for (metric in c("reoffend", "reconvictions")) {
    for (co in cohorts) eff[[length(eff) + 1]] <- effect(R[[co]], metric, paste0(co, sfx))
    # pooled, two rules: the cohorts' rows stacked with MatchIt's weights
    # (each cohort's pool weights sum to its matched pool units), and each
    # cohort's pool weights rescaled to sum to its matched treated units.
    st <- do.call(rbind, R)
    eff[[length(eff) + 1]] <- effect(st, metric, paste0("pooled-stacked", sfx))
    rs <- do.call(rbind, lapply(R, function(r) {
      nt <- sum(r$weight[r$treat == 1] > 0)
      r$weight[r$treat == 0] <- r$weight[r$treat == 0] * nt / sum(r$weight[r$treat == 0]); r }))
    eff[[length(eff) + 1]] <- effect(rs, metric, paste0("pooled-rescaled", sfx))
  }
}
E <- do.call(rbind, eff)
E_out <- E
for (v in setdiff(names(E), c("metric", "cohort", "n_treatment", "n_baseline", "df"))) E_out[[v]] <- sprintf("%.17g", E[[v]])
write.csv(E_out, "effects.csv", row.names = FALSE, quote = FALSE)
rownames(E) <- NULL
print(E, digits = 10)
