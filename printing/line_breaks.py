"""Chinese line breaking for reportlab's CJK wrap: no line starts with a closing mark."""

from __future__ import annotations

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

# reportlab's list of what may not start a line (textsplit.CANNOT_START_LINE) is Japanese:
# it lacks the Chinese full-width comma, semicolon, colon, question and exclamation marks and
# the closing title and quotation marks, so a receipt's line could start with "》" or "，".
# Its CJK wrap reads the list from the textsplit module (a paragraph of one font) and from
# the paragraph module (mixed fonts); a mark on it hangs in the margin at the end of the
# line before instead.
CHINESE_CANNOT_START = "，；：！？》〉”’〗〙〛"
textsplit.ALL_CANNOT_START += CHINESE_CANNOT_START
paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START

# The ``wordWrap`` of a style that wraps Chinese by these rules.
CJK = "CJK"
