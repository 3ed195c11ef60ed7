# Reference for matching.Run chained per cohort (outcomes/matching,
# TestRunReference): one logistic propensity model over every row, then
# MatchIt's nearest-neighbour matching separately per cohort, on the
# treated units of the cohort and the pool units of the cohort or of
# none (empty cohort), with the distance of the one model.
# R 4.2, MatchIt 4.5.1.
#
#   cd testdata/reference/cli && python3 gen.py && Rscript reference.R
#
# MatchIt 4.5.1's fast path for a numeric distance vector has two bugs
# (fixed in 4.5.2; see testdata/reference/nearest/reference.R's header):
# distance differences through C's integer abs(), so on a real-valued
# distance every candidate ties and the caliper never bites; and with
# ratio > 1 an off-by-one check of a unit's earlier matches. As
# testdata/reference/nearest/reference.R's run_matrix does, this script
# gives MatchIt the distance as a matrix |d_t - d_c| (its general
# algorithm, which has neither bug): that path takes m.order "data" only,
# so each cohort's rows are permuted to put the treated units in picking
# order first (largest or smallest distance first, ties by row as
# order(); row order with replacement), the caliper is given in distance
# units (Options.Caliper times sd() of the distance over the cohort's
# rows not discarded, std.caliper = FALSE), and the discarded rows are
# computed by MatchIt:::discard() on the cohort's rows.
suppressMessages(library(MatchIt))
stopifnot(packageVersion("MatchIt") == "4.5.1")
d <- read.csv("covariates.csv", colClasses = c(cohort = "character", id = "character"))
d$treat <- as.integer(d$group == "treatment")
d$sex <- factor(d$sex)
d$region <- factor(d$region)
fit <- glm(treat ~ age + priors + sex + region + employed, data = d, family = binomial())
cases <- list(
  exact = list(link = "logit", k = 3, replace = FALSE, caliper = 0.25, exact = ~sex, discard = "none", order = "largest"),
  replace = list(link = "score", k = 2, replace = TRUE, caliper = 0, exact = NULL, discard = "none", order = "largest"),
  discard = list(link = "logit", k = 1, replace = FALSE, caliper = 0.1, exact = NULL, discard = "both", order = "smallest")
)
out <- NULL
for (name in names(cases)) {
  cs <- cases[[name]]
  dist <- if (cs$link == "logit") predict(fit, type = "link") else fitted(fit)
  for (c in sort(unique(d$cohort[d$treat == 1]))) {
    rows <- which((d$treat == 1 & d$cohort == c) | (d$treat == 0 & (d$cohort == c | d$cohort == "")))
    sub <- d[rows, ]
    sub$distance <- unname(dist[rows])
    sub$row <- seq_len(nrow(sub))
    disc <- MatchIt:::discard(setNames(sub$treat, sub$row), sub$distance, cs$discard)
    t1 <- which(sub$treat == 1)
    if (cs$order != "data" && !cs$replace)
      t1 <- t1[order(sub$distance[t1], decreasing = cs$order == "largest")]
    perm <- c(t1, which(sub$treat == 0))
    sp <- sub[perm, ]
    rownames(sp) <- sp$row
    dm <- abs(outer(sp$distance[sp$treat == 1], sp$distance[sp$treat == 0], "-"))
    args <- list(formula = treat ~ age + priors + sex + region + employed, data = sp, method = "nearest",
                 distance = dm, ratio = cs$k, replace = cs$replace, m.order = "data",
                 discard = unname(disc[perm]))
    if (cs$caliper > 0) {
      args$caliper <- cs$caliper * sd(sub$distance[!disc])
      args$std.caliper <- FALSE
    }
    if (!is.null(cs$exact)) args$exact <- cs$exact
    m <- suppressWarnings(do.call(matchit, args))
    # Back to the cohort's row order.
    n <- nrow(sub)
    w <- dis <- numeric(n)
    sc <- rep(NA_integer_, n)
    w[perm] <- m$weights
    if (!is.null(m$subclass)) sc[perm] <- as.integer(as.character(m$subclass))
    dis[perm] <- as.integer(m$discarded)
    out <- rbind(out, data.frame(case = name, cohort = c, id = sub$id, weight = sprintf("%.15g", w),
                                 subclass = sc, discarded = dis))
  }
}
write.csv(out, "expected.csv", row.names = FALSE, na = "", quote = FALSE)
