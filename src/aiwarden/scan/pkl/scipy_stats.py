"""SciPy frozen distributions: ``norm(loc, scale)`` pickles an ``rv_frozen`` holding a ``<name>_gen`` instance.

Read in the SciPy 1.2.3 and 1.17.1 wheels (``scipy/stats/_distn_infrastructure.py``). The ``*_gen`` classes are
not plain data: ``rv_generic.__setstate__`` updates ``__dict__`` from the file and then calls
``self._attach_methods()``, which runs ``exec(self._parse_arg_template)`` (SciPy 1.6+). The template is code the
pickle carries, so an instance is safe only when its state holds the template SciPy itself generates
(``parse_arg_template`` filled with identifier shapes and the fixed loc/scale text) and sets no attribute that
shadows a method ``__setstate__`` calls. SciPy before 1.6 pickles ``(ctor_param, random_state)`` and calls
``self.__init__(**ctor_param)``, which validates ``shapes`` as identifiers before it builds the same template.
``rv_frozen`` and its two subclasses define no ``__setstate__``: built without arguments, a state dict is data.
"""

from __future__ import annotations

import keyword
import re
from typing import Any

from aiwarden.scan.pkl.values import Call, Dct, Seq

_CONTINUOUS = """
    alpha_gen anglit_gen arcsine_gen argus_gen beta_gen betaprime_gen bradford_gen burr12_gen burr_gen
    cauchy_gen chi2_gen chi_gen cosine_gen crystalball_gen dgamma_gen dpareto_lognorm_gen dweibull_gen
    erlang_gen expon_gen exponnorm_gen exponpow_gen exponweib_gen f_gen fatiguelife_gen fisk_gen foldcauchy_gen
    foldnorm_gen frechet_l_gen frechet_r_gen gamma_gen gausshyper_gen genexpon_gen genextreme_gen gengamma_gen
    genhalflogistic_gen genhyperbolic_gen geninvgauss_gen genlogistic_gen gennorm_gen genpareto_gen gibrat_gen
    gilbrat_gen gompertz_gen gumbel_l_gen gumbel_r_gen halfcauchy_gen halfgennorm_gen halflogistic_gen
    halfnorm_gen hypsecant_gen invgamma_gen invgauss_gen invweibull_gen irwinhall_gen jf_skew_t_gen
    johnsonsb_gen johnsonsu_gen kappa3_gen kappa4_gen ksone_gen kstwo_gen kstwobign_gen landau_gen
    laplace_asymmetric_gen laplace_gen levy_gen levy_l_gen levy_stable_gen loggamma_gen logistic_gen
    loglaplace_gen lognorm_gen lomax_gen maxwell_gen mielke_gen moyal_gen nakagami_gen ncf_gen nct_gen ncx2_gen
    norm_gen norminvgauss_gen pareto_gen pearson3_gen powerlaw_gen powerlognorm_gen powernorm_gen rayleigh_gen
    rdist_gen recipinvgauss_gen reciprocal_gen rel_breitwigner_gen rice_gen semicircular_gen skew_norm_gen
    skewcauchy_gen skewnorm_gen studentized_range_gen t_gen trapezoid_gen trapz_gen triang_gen truncexpon_gen
    truncnorm_gen truncpareto_gen truncweibull_min_gen tukeylambda_gen uniform_gen vonmises_gen wald_gen
    weibull_max_gen weibull_min_gen wrapcauchy_gen
""".split()
_DISCRETE = """
    _nchypergeom_gen bernoulli_gen betabinom_gen betanbinom_gen binom_gen boltzmann_gen dlaplace_gen geom_gen
    hypergeom_gen logser_gen nbinom_gen nchypergeom_fisher_gen nchypergeom_wallenius_gen nhypergeom_gen
    planck_gen poisson_binom_gen poisson_gen randint_gen skellam_gen yulesimon_gen zipf_gen zipfian_gen
""".split()
DISTRIBUTIONS = frozenset(
    [f"scipy.stats._continuous_distns.{n}" for n in _CONTINUOUS]
    + [f"scipy.stats._discrete_distns.{n}" for n in _DISCRETE]
)
FROZEN = frozenset(
    f"scipy.stats._distn_infrastructure.{n}" for n in ("rv_frozen", "rv_continuous_frozen", "rv_discrete_frozen")
)
SCIPY_STATS_SAFE = DISTRIBUTIONS | FROZEN

# scipy.stats._distn_infrastructure.parse_arg_template (unchanged from 1.6 to 1.17.1).
_TEMPLATE = """
def _parse_args(self, %(shape_arg_str)s %(locscale_in)s):
    return (%(shape_arg_str)s), %(locscale_out)s

def _parse_args_rvs(self, %(shape_arg_str)s %(locscale_in)s, size=None):
    return self._argcheck_rvs(%(shape_arg_str)s %(locscale_out)s, size=size)

def _parse_args_stats(self, %(shape_arg_str)s %(locscale_in)s, moments='mv'):
    return (%(shape_arg_str)s), %(locscale_out)s, moments
"""
# (locscale_in, locscale_out) of rv_continuous, and of rv_discrete / rv_sample.
_LOCSCALE = (("loc=0, scale=1", "loc, scale"), ("loc=0", "loc, 1"))
_SHAPES = re.compile(r"\ndef _parse_args\(self, ((?:[A-Za-z_][A-Za-z0-9_]*, )*) ")
# Attributes __setstate__ calls after updating __dict__: an instance value there would be called instead.
_CALLED_AT_LOAD = frozenset({"_attach_methods", "_attach_argparser_methods", "__init__", "_construct_argparser"})


def shape_ok(qualname: str, call: Call) -> bool:
    """Built without arguments; a distribution's state as SciPy writes it."""
    if not (isinstance(call.args, Seq) and not call.args.items and not call.args.dropped):
        return False
    return qualname in FROZEN or state_ok(call.state)


def state_ok(state: Any) -> bool:
    """A state ``rv_generic.__setstate__`` may receive (every BUILD on the instance is checked)."""
    if state is None:
        return True
    if isinstance(state, Seq) and len(state.items) == 2 and isinstance(state.items[0], Dct):
        return True  # SciPy < 1.6: __init__(**ctor_param) validates the shapes before building the template
    if not isinstance(state, Dct) or state.dropped:
        return False
    keys = [k for k, _ in state.items]
    if not all(isinstance(k, str) for k in keys) or any(k in _CALLED_AT_LOAD for k in keys):
        return False
    template = state.get("_parse_arg_template")
    return "_parse_arg_template" not in keys or (isinstance(template, str) and _generated(template))


def _generated(template: str) -> bool:
    """Whether the text is SciPy's template filled with identifier shapes, character for character."""
    found = _SHAPES.match(template)
    if found is None:
        return False
    shapes = found.group(1)
    if any(keyword.iskeyword(name) for name in shapes.replace(",", " ").split()):
        return False
    return any(template == _TEMPLATE % {"shape_arg_str": shapes, "locscale_in": inside, "locscale_out": outside}
               for inside, outside in _LOCSCALE)
