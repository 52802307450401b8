"""Vietnamese legal citations and standard mentions in article texts: tokens → grammar → targets."""
