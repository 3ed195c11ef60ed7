# Records the reference values of FitLogit and NewBalance (package
# outcomes/matching) from R 4.2's glm and MatchIt 4.5.1 on data.csv (gen.R).
# Run: Rscript reference.R. Writes:
#   glm_coef.csv  case,name,coef,se        (NA: aliased)
#   glm_fit.csv   case,deviance,iter,converged,warning
#   glm_rows.csv  case,row,ps,lp           (row: 1-based row of the case's data)
#   match_weights.csv variant,row,weight,discarded
#   summary.csv   variant,table,name,means_treated,means_control,smd,var_ratio,ecdf_mean,ecdf_max
#   nn.csv        variant,name,control,treated
# Cases: main (data.csv); const (plus a constant column, const = 5);
# separation (plus 6 rows of a region "south", all treated); scaled
# (income in cents and age in days: a worse scaled design).
suppressMessages(library(MatchIt))
d <- read.csv("data.csv", stringsAsFactors = FALSE)
d$offence <- factor(d$offence)
d$region <- factor(d$region)
f <- treat ~ age + female + priors + income + offence + region
g17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

sep <- d[1:6, ]
sep$id <- sprintf("s%03d", 1:6)
sep$treat <- 1
sep$region <- "south"
dsep <- rbind(d, sep)
dsep$region <- factor(as.character(dsep$region))
dconst <- d
dconst$const <- 5
dscaled <- d
dscaled$income <- d$income * 100
dscaled$age <- d$age * 365.25
cases <- list(
  main = list(data = d, f = f),
  const = list(data = dconst, f = treat ~ age + female + priors + const + income + offence + region),
  separation = list(data = dsep, f = f),
  scaled = list(data = dscaled, f = f)
)
coef_rows <- c(); fit_rows <- c(); row_rows <- c()
for (cn in names(cases)) {
  cs <- cases[[cn]]
  warn <- character(0)
  m <- withCallingHandlers(glm(cs$f, data = cs$data, family = binomial()),
    warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
  co <- coef(m)
  se <- rep(NA_real_, length(co)); names(se) <- names(co)
  s <- summary(m)$coefficients
  se[rownames(s)] <- s[, 2]
  coef_rows <- c(coef_rows, sprintf("%s,%s,%s,%s", cn, names(co), g17(co), g17(se)))
  fit_rows <- c(fit_rows, sprintf("%s,%s,%d,%s,%s", cn, g17(deviance(m)), m$iter,
    tolower(m$converged), paste(gsub(",", ";", warn), collapse = " | ")))
  row_rows <- c(row_rows, sprintf("%s,%d,%s,%s", cn, seq_len(nrow(cs$data)),
    g17(fitted(m)), g17(m$linear.predictors)))
}
writeLines(c("case,name,coef,se", coef_rows), "glm_coef.csv")
writeLines(c("case,deviance,iter,converged,warning", fit_rows), "glm_fit.csv")
writeLines(c("case,row,ps,lp", row_rows), "glm_rows.csv")

variants <- list(
  nn1 = list(link = "linear.logit"),
  ratio3 = list(link = "linear.logit", ratio = 3),
  replace = list(link = "linear.logit", replace = TRUE, ratio = 2),
  caliper = list(link = "linear.logit", caliper = 0.2),
  score = list(link = "logit"),
  discard = list(link = "linear.logit", discard = "both")
)
w_rows <- c(); s_rows <- c(); n_rows <- c()
for (vn in names(variants)) {
  args <- c(list(formula = f, data = d, method = "nearest", distance = "glm"), variants[[vn]])
  m <- suppressWarnings(do.call(matchit, args))
  w_rows <- c(w_rows, sprintf("%s,%d,%s,%s", vn, seq_len(nrow(d)), g17(m$weights), tolower(m$discarded)))
  sm <- summary(m)
  for (tab in c("all", "matched")) {
    t <- if (tab == "all") sm$sum.all else sm$sum.matched
    s_rows <- c(s_rows, sprintf("%s,%s,%s,%s,%s,%s,%s,%s,%s", vn, tab, rownames(t),
      g17(t[, 1]), g17(t[, 2]), g17(t[, 3]), g17(t[, 4]), g17(t[, 5]), g17(t[, 6])))
  }
  nn <- sm$nn
  n_rows <- c(n_rows, sprintf("%s,%s,%s,%s", vn, rownames(nn), g17(nn[, "Control"]), g17(nn[, "Treated"])))
}
writeLines(c("variant,row,weight,discarded", w_rows), "match_weights.csv")
writeLines(c("variant,table,name,means_treated,means_control,smd,var_ratio,ecdf_mean,ecdf_max", s_rows), "summary.csv")
writeLines(c("variant,name,control,treated", n_rows), "nn.csv")
