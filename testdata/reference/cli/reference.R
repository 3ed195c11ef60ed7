# Reference for matching.Run chained per cohort (outcomes/matching,
# TestRunReference): one logistic propensity model over every row, then
# MatchIt's nearest-neighbour matching separately per cohort, on the
# treated units of the cohort and the pool units of the cohort or of
# none (empty cohort), with the distance of the one model.
# R 4.2, MatchIt 4.5.1.
#
#   cd testdata/reference/cli && python3 gen.py && Rscript reference.R
library(MatchIt)
d <- read.csv("covariates.csv", colClasses = c(cohort = "character", id = "character"))
d$treat <- as.integer(d$group == "treatment")
d$sex <- factor(d$sex)
d$region <- factor(d$region)
fit <- glm(treat ~ age + priors + sex + region + employed, data = d, family = binomial())
cases <- list(
  exact = list(link = "logit", k = 3, replace = FALSE, caliper = 0.25, exact = ~sex, discard = "none", order = "largest"),
  replace = list(link = "score", k = 2, replace = TRUE, caliper = NULL, exact = NULL, discard = "none", order = "largest"),
  discard = list(link = "logit", k = 1, replace = FALSE, caliper = 0.1, exact = NULL, discard = "both", order = "smallest")
)
out <- NULL
for (name in names(cases)) {
  cs <- cases[[name]]
  dist <- if (cs$link == "logit") predict(fit, type = "link") else fitted(fit)
  for (c in sort(unique(d$cohort[d$treat == 1]))) {
    rows <- which((d$treat == 1 & d$cohort == c) | (d$treat == 0 & (d$cohort == c | d$cohort == "")))
    sub <- d[rows, ]
    args <- list(treat ~ age + priors + sex + region + employed, data = sub, method = "nearest",
                 distance = dist[rows], ratio = cs$k, replace = cs$replace, discard = cs$discard,
                 m.order = cs$order)
    if (!is.null(cs$caliper)) { args$caliper <- cs$caliper; args$std.caliper <- TRUE }
    if (!is.null(cs$exact)) args$exact <- cs$exact
    m <- do.call(matchit, args)
    sc <- if (is.null(m$subclass)) rep(NA, nrow(sub)) else as.integer(as.character(m$subclass))
    out <- rbind(out, data.frame(case = name, cohort = c, id = sub$id, weight = sprintf("%.15g", m$weights),
                                 subclass = sc, discarded = as.integer(m$discarded)))
  }
}
write.csv(out, "expected.csv", row.names = FALSE, na = "", quote = FALSE)
