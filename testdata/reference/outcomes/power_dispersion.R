# Reference for sib power --kind count --dispersion PHI (outcomes.Design.Dispersion):
# the count formula of gen.R's pow_cnt with every variance phi times the
# Poisson one (a quasi-Poisson count: variance phi * mean), solved with
# uniroot. Written from docs/outcomes.md ("Design: sib power"), not the Go
# code. Run: Rscript power_dispersion.R  (writes power_dispersion.csv)
TOL <- 1e-13
zq <- function(conf, sides) qnorm(1 - (1 - conf) / sides)
pow_cnt <- function(l0, l1, n1, n2, conf, sides, phi) {
  lbar <- (n1 * l1 + n2 * l0) / (n1 + n2)
  pnorm((abs(l1 - l0) - zq(conf, sides) * sqrt(phi * lbar * (1 / n1 + 1 / n2))) /
    sqrt(phi * (l1 / n1 + l0 / n2)))
}
rows <- list(
  list(sides = 2, conf = 0.95, power = 0.8, l0 = 0.97, phi = 1, n1 = 450, n2 = 450),
  list(sides = 2, conf = 0.95, power = 0.8, l0 = 0.97, phi = 1.54, n1 = 450, n2 = 450),
  list(sides = 1, conf = 0.95, power = 0.9, l0 = 0.97, phi = 1.54, n1 = 200, n2 = 400),
  list(sides = 2, conf = 0.9, power = 0.8, l0 = 3.2, phi = 4, n1 = 1000, n2 = 1000)
)
out <- data.frame()
for (r in rows) {
  mde <- uniroot(function(d) pow_cnt(r$l0, r$l0 - d, r$n1, r$n2, r$conf, r$sides, r$phi) - r$power,
    c(0, r$l0), tol = TOL)$root
  eff <- mde / 2 # the group size (equal groups) that detects half that effect
  n <- uniroot(function(n) pow_cnt(r$l0, r$l0 - eff, n, n, r$conf, r$sides, r$phi) - r$power,
    c(2, 1e9), tol = TOL)$root
  out <- rbind(out, data.frame(sides = r$sides, confidence = r$conf, power = r$power, baseline = r$l0,
    dispersion = r$phi, n1 = r$n1, n2 = r$n2, mde = sprintf("%.15g", mde),
    effect = sprintf("%.15g", eff), n = sprintf("%.15g", n)))
}
write.csv(out, "power_dispersion.csv", row.names = FALSE, quote = FALSE)
print(out)
