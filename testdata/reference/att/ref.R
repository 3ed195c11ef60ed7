# Reference values for the matched comparison (ATT) in package outcomes:
# R MatchIt 4.5.1 matches (nearest neighbour on the linear logit of one
# propensity model over all rows, each cohort's treated against the pool
# rows of that cohort or of none), its weights are written in the
# weights.csv format, and the effects are estimated as the MatchIt
# vignette "Estimating Effects After Matching" does: lm(y ~ treat, weights)
# with, without replacement, sandwich::vcovCL(fit, cluster = ~subclass)
# (type HC1, cadjust: G/(G-1) * (n-1)/(n-k)) and, with replacement,
# sandwich::vcovHC(fit, type = "HC3"); lmtest::coeftest and coefci give t
# intervals and p-values on fit$df.residual degrees of freedom.
# Run from this folder after gen.R: Rscript ref.R
suppressPackageStartupMessages({library(MatchIt); library(sandwich); library(lmtest)})
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(1)

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))

# matchweights matches each cohort and returns weights.csv rows.
matchweights <- function(dir, k, replace) {
  cv <- read.csv(file.path(dir, "matching", "covariates.csv"), colClasses = c(id = "character", cohort = "character"), na.strings = "")
  cv$cohort[is.na(cv$cohort)] <- ""
  cv$treat <- as.integer(cv$group == "treatment")
  cv$sex <- factor(cv$sex)
  ps <- glm(treat ~ age + priors + sex, data = cv, family = binomial)
  cv$lp <- predict(ps, type = "link")
  out <- NULL
  offset <- 0
  for (c in sort(unique(cv$cohort[cv$treat == 1]))) {
    sub <- cv[(cv$treat == 1 & cv$cohort == c) | (cv$treat == 0 & cv$cohort %in% c("", c)), ]
    m <- if (replace && k > 1) {
      # MatchIt 4.5.1's fast path (a distance vector) takes the same
      # control k times with replacement and ratio > 1 (#159, fixed in
      # 4.5.2; see testdata/reference/nearest/reference.R): the distance
      # as a matrix |d_t - d_c| takes its general algorithm, which has not
      # the bug. With replacement the order of the treated does not matter.
      tr <- sub$treat == 1
      dm <- abs(outer(sub$lp[tr], sub$lp[!tr], "-"))
      matchit(treat ~ age + priors + sex, data = sub, method = "nearest",
              distance = dm, ratio = k, replace = replace, m.order = "data")
    } else {
      matchit(treat ~ age + priors + sex, data = sub, method = "nearest",
              distance = sub$lp, ratio = k, replace = replace)
    }
    keep <- m$weights > 0
    sc <- if (replace) NA else as.integer(as.character(m$subclass[keep])) + offset
    if (!replace) offset <- offset + nlevels(m$subclass)
    out <- rbind(out, data.frame(cohort = c, id = sub$id[keep], group = sub$group[keep],
                                 weight = m$weights[keep], subclass = sc, stringsAsFactors = FALSE))
  }
  out
}

# estimate fits one effect on matched rows d (y, treat, w, subclass).
estimate <- function(d, replace, level = 0.95) {
  fit <- lm(y ~ treat, data = d, weights = w)
  V <- if (replace) vcovHC(fit, type = "HC3") else vcovCL(fit, cluster = d$subclass)
  ct <- coeftest(fit, vcov. = V)
  ci <- coefci(fit, vcov. = V, level = level)
  b <- coef(fit)
  mc <- unname(b[1]); mt <- unname(b[1] + b[2])
  # The log ratio's variance by the delta method, with the covariance of
  # the two means from the same sandwich.
  vlog <- V[1, 1] / mc^2 + (V[1, 1] + 2 * V[1, 2] + V[2, 2]) / mt^2 - 2 * (V[1, 1] + V[1, 2]) / (mt * mc)
  q <- qt(1 - (1 - level) / 2, fit$df.residual)
  rlo <- if (mc > 0 && mt > 0) mt / mc * exp(-q * sqrt(vlog)) else NA
  rhi <- if (mc > 0 && mt > 0) mt / mc * exp(q * sqrt(vlog)) else NA
  data.frame(n_treated = sum(d$treat == 1), n_control = sum(d$treat == 0),
             observed = mt, baseline = mc, estimate = unname(b[2]), se = ct[2, 2],
             low = ci[2, 1], high = ci[2, 2], p = ct[2, 4], df = fit$df.residual,
             ratio_low = rlo, ratio_high = rhi,
             clusters = if (replace) NA else length(unique(d$subclass)))
}

# effects estimates every metric per cohort and pooled.
effects <- function(dir, wts, replace, variant) {
  pt <- read.csv(file.path(dir, "participants.csv"), colClasses = c(id = "character", cohort = "character"), na.strings = "")
  pt$cohort[is.na(pt$cohort)] <- ""
  cohorts <- sort(unique(wts$cohort))
  rows <- function(c) {
    w <- wts[wts$cohort == c, ]
    d <- pt[(pt$group == "treatment" & pt$cohort == c) | (pt$group == "comparison" & pt$cohort %in% c("", c)), ]
    d <- merge(d, w[, c("id", "group", "weight", "subclass")], by = c("id", "group"))
    d <- d[order(d$id), ]
    # For the pooled rows: the cohort's pool weights rescaled to sum to its
    # treated weights (its matched treated participants), so that stacked
    # cohorts count as their treated do.
    tp <- w$group == "treatment"
    d$pweight <- ifelse(d$group == "treatment", d$weight, d$weight * sum(w$weight[tp]) / sum(w$weight[!tp]))
    d
  }
  out <- NULL
  for (metric in c("reoffend", "convictions", "earnings")) {
    all <- NULL
    for (c in c(cohorts, "pooled")) {
      d <- if (c == "pooled") all else rows(c)
      if (c != "pooled") all <- rbind(all, d)
      e <- estimate(data.frame(y = d[[metric]], treat = as.integer(d$group == "treatment"),
                               w = if (c == "pooled") d$pweight else d$weight, subclass = d$subclass), replace)
      out <- rbind(out, cbind(data.frame(variant = variant, metric = metric, cohort = c), e))
    }
  }
  out
}

run <- function(dir, variants) {
  dir.create(file.path(dir, "weights"), showWarnings = FALSE)
  all <- NULL
  for (v in names(variants)) {
    o <- variants[[v]]
    w <- matchweights(dir, o$k, o$replace)
    ww <- w
    ww$weight <- fmt(ww$weight)
    ww$subclass <- ifelse(is.na(ww$subclass), "", as.character(ww$subclass))
    write.csv(ww, file.path(dir, "weights", paste0(v, ".csv")), row.names = FALSE, quote = FALSE)
    all <- rbind(all, effects(dir, w, o$replace, v))
  }
  for (col in names(all)[-(1:3)]) all[[col]] <- fmt(all[[col]])
  write.csv(all, paste0("expected-", basename(dir), ".csv"), row.names = FALSE, quote = FALSE)
}

run("cases/att", list(k1 = list(k = 1, replace = FALSE), k3 = list(k = 3, replace = FALSE),
                      "k1-replace" = list(k = 1, replace = TRUE), "k3-replace" = list(k = 3, replace = TRUE)))
run("cases/recovery", list(k1 = list(k = 1, replace = FALSE)))

# did: the weighted difference-in-differences on the matched rows before
# and after, lm(y ~ treat * post, weights); clusters are the matched sets
# without replacement and, with replacement, the participants (each has a
# record before and after): vcovCL HC1 either way. The relative effect
# compares o = T_post with B = T_pre + C_post - C_pre.
did <- function(dir, variants) {
  pt <- read.csv(file.path(dir, "participants.csv"), colClasses = c(id = "character", cohort = "character"), na.strings = "")
  pt$cohort[is.na(pt$cohort)] <- ""
  out <- NULL
  for (v in names(variants)) {
    o <- variants[[v]]
    w <- matchweights(dir, o$k, o$replace)
    ww <- w
    ww$weight <- fmt(ww$weight)
    ww$subclass <- ifelse(is.na(ww$subclass), "", as.character(ww$subclass))
    write.csv(ww, file.path(dir, "weights", paste0(v, ".csv")), row.names = FALSE, quote = FALSE)
    d <- merge(pt, w[, c("id", "group", "weight", "subclass")], by = c("id", "group"))
    d$treat <- as.integer(d$group == "treatment")
    d$post <- as.integer(d$period == 2025)
    for (metric in c("reoffend", "earnings")) {
      d$y <- d[[metric]]
      fit <- lm(y ~ treat * post, data = d, weights = weight)
      V <- vcovCL(fit, cluster = if (o$replace) d$id else d$subclass)
      ct <- coeftest(fit, vcov. = V)
      ci <- coefci(fit, vcov. = V)
      b <- coef(fit)
      go <- c(1, 1, 1, 1); gb <- c(1, 1, 1, 0)
      mo <- sum(go * b); mb <- sum(gb * b)
      vlog <- drop(t(gb) %*% V %*% gb) / mb^2 + drop(t(go) %*% V %*% go) / mo^2 - 2 * drop(t(go) %*% V %*% gb) / (mo * mb)
      q <- qt(0.975, fit$df.residual)
      out <- rbind(out, data.frame(variant = v, metric = metric, cohort = c("2025", "pooled"),
        n_treated = sum(d$treat == 1 & d$post == 1), n_control = sum(d$treat == 0),
        observed = mo, baseline = mb, estimate = unname(b[4]), se = ct[4, 2], low = ci[4, 1], high = ci[4, 2],
        p = ct[4, 4], df = fit$df.residual, ratio_low = mo / mb * exp(-q * sqrt(vlog)),
        ratio_high = mo / mb * exp(q * sqrt(vlog)),
        clusters = length(unique(if (o$replace) d$id else d$subclass))))
    }
  }
  for (col in names(out)[-(1:3)]) out[[col]] <- fmt(out[[col]])
  write.csv(out, paste0("expected-", basename(dir), ".csv"), row.names = FALSE, quote = FALSE)
}
dir.create("cases/did/weights", showWarnings = FALSE)
did("cases/did", list(k2 = list(k = 2, replace = FALSE), "k2-replace" = list(k = 2, replace = TRUE)))

# A second route for the cluster-robust variance: the sandwich by hand,
# (X'WX)^-1 (sum_g u_g u_g') (X'WX)^-1 * G/(G-1) * (n-1)/(n-2), with u_g
# the cluster sums of w e x. Stops if it disagrees with vcovCL.
e <- read.csv("expected-att.csv")
w <- read.csv("cases/att/weights/k3.csv", colClasses = c(id = "character", cohort = "character"))
pt <- read.csv("cases/att/participants.csv", colClasses = c(id = "character", cohort = "character"), na.strings = "")
pt$cohort[is.na(pt$cohort)] <- ""
w1 <- w[w$cohort == "2024", ]
d <- pt[(pt$group == "treatment" & pt$cohort == "2024") | (pt$group == "comparison" & pt$cohort %in% c("", "2024")), ]
d <- merge(d, w1, by = c("id", "group"))
X <- cbind(1, as.integer(d$group == "treatment")); y <- d$earnings; wt <- d$weight
A <- solve(t(X) %*% (wt * X)); b <- A %*% t(X) %*% (wt * y); res <- as.vector(y - X %*% b)
U <- rowsum(wt * res * X, d$subclass); G <- nrow(U); n <- nrow(X)
V <- A %*% crossprod(U) %*% A * G / (G - 1) * (n - 1) / (n - 2)
want <- e$se[e$variant == "k3" & e$metric == "earnings" & e$cohort == "2024"]
stopifnot(abs(sqrt(V[2, 2]) - want) < 1e-9 * want)
cat("ok\n")
