# Generates the data of the propensity-model and balance references
# (data.csv): 800 units, about a quarter treated, with a numeric, a 0/1, a
# count, a badly scaled (income in euros) and two categorical covariates.
# Run: Rscript gen.R (R 4.2; the values depend on R's default RNG).
set.seed(20)
n <- 800
age <- round(rnorm(n, 30, 8))
female <- rbinom(n, 1, 0.3)
priors <- rpois(n, 2)
income <- round(rnorm(n, 22000, 7000), 2)
offence <- sample(c("drug", "theft", "violence"), n, replace = TRUE, prob = c(0.3, 0.45, 0.25))
region <- sample(c("east", "north", "west"), n, replace = TRUE)
lp <- -2.1 + 0.04 * (age - 30) + 0.5 * female + 0.25 * priors -
  0.00004 * (income - 22000) + 0.4 * (offence == "theft") - 0.3 * (offence == "violence") +
  0.3 * (region == "west")
treat <- rbinom(n, 1, plogis(lp))
d <- data.frame(id = sprintf("u%03d", seq_len(n)), treat, age, female, priors,
                income = sprintf("%.2f", income), offence, region)
write.csv(d, "data.csv", row.names = FALSE, quote = FALSE)
