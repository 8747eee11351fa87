"use strict";var I=Object.defineProperty;var a=Object.getOwnPropertyDescriptor;var F=Object.getOwnPropertyNames;var r=Object.prototype.hasOwnProperty;var S=(E,L)=>{for(var A in L)I(E,A,{get:L[A],enumerable:!0})},s=(E,L,A,T)=>{if(L&&typeof L=="object"||typeof L=="function")for(let e of F(L))!r.call(E,e)&&e!==A&&I(E,e,{get:()=>L[e],enumerable:!(T=a(L,e))||T.enumerable});return E};var o=E=>s(I({},"__esModule",{value:!0}),E);var f={};S(f,{asciiName:()=>R,describeCharacter:()=>K});module.exports=o(f);var O=`
00A0 space NO-BREAK SPACE
00AD none SOFT HYPHEN
00B4 ' ACUTE ACCENT
0131 i LATIN SMALL LETTER DOTLESS I
01C3 ! LATIN LETTER RETROFLEX CLICK
0237 j LATIN SMALL LETTER DOTLESS J
0251 a LATIN SMALL LETTER ALPHA
0261 g LATIN SMALL LETTER SCRIPT G
0269 i LATIN SMALL LETTER IOTA
02BC ' MODIFIER LETTER APOSTROPHE
034F none COMBINING GRAPHEME JOINER
0391 A GREEK CAPITAL LETTER ALPHA
0392 B GREEK CAPITAL LETTER BETA
0395 E GREEK CAPITAL LETTER EPSILON
0396 Z GREEK CAPITAL LETTER ZETA
0397 H GREEK CAPITAL LETTER ETA
0399 I GREEK CAPITAL LETTER IOTA
039A K GREEK CAPITAL LETTER KAPPA
039C M GREEK CAPITAL LETTER MU
039D N GREEK CAPITAL LETTER NU
039F O GREEK CAPITAL LETTER OMICRON
03A1 P GREEK CAPITAL LETTER RHO
03A4 T GREEK CAPITAL LETTER TAU
03A5 Y GREEK CAPITAL LETTER UPSILON
03A7 X GREEK CAPITAL LETTER CHI
03B1 a GREEK SMALL LETTER ALPHA
03B3 y GREEK SMALL LETTER GAMMA
03B9 i GREEK SMALL LETTER IOTA
03BA k GREEK SMALL LETTER KAPPA
03BD v GREEK SMALL LETTER NU
03BF o GREEK SMALL LETTER OMICRON
03C1 p GREEK SMALL LETTER RHO
03C5 u GREEK SMALL LETTER UPSILON
03C7 x GREEK SMALL LETTER CHI
03F2 c GREEK LUNATE SIGMA SYMBOL
03F3 j GREEK LETTER YOT
0405 S CYRILLIC CAPITAL LETTER DZE
0406 I CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I
0408 J CYRILLIC CAPITAL LETTER JE
0410 A CYRILLIC CAPITAL LETTER A
0412 B CYRILLIC CAPITAL LETTER VE
0415 E CYRILLIC CAPITAL LETTER IE
0417 3 CYRILLIC CAPITAL LETTER ZE
041A K CYRILLIC CAPITAL LETTER KA
041C M CYRILLIC CAPITAL LETTER EM
041D H CYRILLIC CAPITAL LETTER EN
041E O CYRILLIC CAPITAL LETTER O
0420 P CYRILLIC CAPITAL LETTER ER
0421 C CYRILLIC CAPITAL LETTER ES
0422 T CYRILLIC CAPITAL LETTER TE
0423 Y CYRILLIC CAPITAL LETTER U
0425 X CYRILLIC CAPITAL LETTER HA
0430 a CYRILLIC SMALL LETTER A
0435 e CYRILLIC SMALL LETTER IE
043E o CYRILLIC SMALL LETTER O
0440 p CYRILLIC SMALL LETTER ER
0441 c CYRILLIC SMALL LETTER ES
0443 y CYRILLIC SMALL LETTER U
0445 x CYRILLIC SMALL LETTER HA
0455 s CYRILLIC SMALL LETTER DZE
0456 i CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I
0458 j CYRILLIC SMALL LETTER JE
0475 v CYRILLIC SMALL LETTER IZHITSA
04AE Y CYRILLIC CAPITAL LETTER STRAIGHT U
04BB h CYRILLIC SMALL LETTER SHHA
04C0 I CYRILLIC LETTER PALOCHKA
04CF l CYRILLIC SMALL LETTER PALOCHKA
0501 d CYRILLIC SMALL LETTER KOMI DE
051A Q CYRILLIC CAPITAL LETTER QA
051B q CYRILLIC SMALL LETTER QA
051C W CYRILLIC CAPITAL LETTER WE
051D w CYRILLIC SMALL LETTER WE
061C none ARABIC LETTER MARK
115F none HANGUL CHOSEONG FILLER
1160 none HANGUL JUNGSEONG FILLER
1680 space OGHAM SPACE MARK
17B4 none KHMER VOWEL INHERENT AQ
17B5 none KHMER VOWEL INHERENT AA
180E none MONGOLIAN VOWEL SEPARATOR
2000 space EN QUAD
2001 space EM QUAD
2002 space EN SPACE
2003 space EM SPACE
2004 space THREE-PER-EM SPACE
2005 space FOUR-PER-EM SPACE
2006 space SIX-PER-EM SPACE
2007 space FIGURE SPACE
2008 space PUNCTUATION SPACE
2009 space THIN SPACE
200A space HAIR SPACE
200B none ZERO WIDTH SPACE
200C none ZERO WIDTH NON-JOINER
200D none ZERO WIDTH JOINER
200E none LEFT-TO-RIGHT MARK
200F none RIGHT-TO-LEFT MARK
2010 - HYPHEN
2011 - NON-BREAKING HYPHEN
2012 - FIGURE DASH
2013 - EN DASH
2014 - EM DASH
2015 - HORIZONTAL BAR
2018 ' LEFT SINGLE QUOTATION MARK
2019 ' RIGHT SINGLE QUOTATION MARK
201A , SINGLE LOW-9 QUOTATION MARK
201B ' SINGLE HIGH-REVERSED-9 QUOTATION MARK
201C " LEFT DOUBLE QUOTATION MARK
201D " RIGHT DOUBLE QUOTATION MARK
201E " DOUBLE LOW-9 QUOTATION MARK
2024 . ONE DOT LEADER
2028 newline LINE SEPARATOR
2029 newline PARAGRAPH SEPARATOR
202A none LEFT-TO-RIGHT EMBEDDING
202B none RIGHT-TO-LEFT EMBEDDING
202C none POP DIRECTIONAL FORMATTING
202D none LEFT-TO-RIGHT OVERRIDE
202E none RIGHT-TO-LEFT OVERRIDE
202F space NARROW NO-BREAK SPACE
2032 ' PRIME
2033 " DOUBLE PRIME
2044 / FRACTION SLASH
205F space MEDIUM MATHEMATICAL SPACE
2060 none WORD JOINER
2061 none FUNCTION APPLICATION
2062 none INVISIBLE TIMES
2063 none INVISIBLE SEPARATOR
2064 none INVISIBLE PLUS
2066 none LEFT-TO-RIGHT ISOLATE
2067 none RIGHT-TO-LEFT ISOLATE
2068 none FIRST STRONG ISOLATE
2069 none POP DIRECTIONAL ISOLATE
2212 - MINUS SIGN
2215 / DIVISION SLASH
3000 space IDEOGRAPHIC SPACE
3164 none HANGUL FILLER
FE63 - SMALL HYPHEN-MINUS
FEFF none ZERO WIDTH NO-BREAK SPACE
FFA0 none HALFWIDTH HANGUL FILLER
`,N=["NULL","START OF HEADING","START OF TEXT","END OF TEXT","END OF TRANSMISSION","ENQUIRY","ACKNOWLEDGE","ALERT","BACKSPACE","CHARACTER TABULATION","LINE FEED","LINE TABULATION","FORM FEED","CARRIAGE RETURN","SHIFT OUT","SHIFT IN","DATA LINK ESCAPE","DEVICE CONTROL ONE","DEVICE CONTROL TWO","DEVICE CONTROL THREE","DEVICE CONTROL FOUR","NEGATIVE ACKNOWLEDGE","SYNCHRONOUS IDLE","END OF TRANSMISSION BLOCK","CANCEL","END OF MEDIUM","SUBSTITUTE","ESCAPE","INFORMATION SEPARATOR FOUR","INFORMATION SEPARATOR THREE","INFORMATION SEPARATOR TWO","INFORMATION SEPARATOR ONE"],P={" ":"SPACE","!":"EXCLAMATION MARK",'"':"QUOTATION MARK","#":"NUMBER SIGN",$:"DOLLAR SIGN","%":"PERCENT SIGN","&":"AMPERSAND","'":"APOSTROPHE","(":"LEFT PARENTHESIS",")":"RIGHT PARENTHESIS","*":"ASTERISK","+":"PLUS SIGN",",":"COMMA","-":"HYPHEN-MINUS",".":"FULL STOP","/":"SOLIDUS",":":"COLON",";":"SEMICOLON","<":"LESS-THAN SIGN","=":"EQUALS SIGN",">":"GREATER-THAN SIGN","?":"QUESTION MARK","@":"COMMERCIAL AT","[":"LEFT SQUARE BRACKET","\\":"REVERSE SOLIDUS","]":"RIGHT SQUARE BRACKET","^":"CIRCUMFLEX ACCENT",_:"LOW LINE","`":"GRAVE ACCENT","{":"LEFT CURLY BRACKET","|":"VERTICAL LINE","}":"RIGHT CURLY BRACKET","~":"TILDE"},M=["ZERO","ONE","TWO","THREE","FOUR","FIVE","SIX","SEVEN","EIGHT","NINE"],l=`
0 7F Basic Latin
80 FF Latin-1 Supplement
100 17F Latin Extended-A
180 24F Latin Extended-B
250 2AF IPA Extensions
2B0 2FF Spacing Modifier Letters
300 36F Combining Diacritical Marks
370 3FF Greek and Coptic
400 4FF Cyrillic
500 52F Cyrillic Supplement
530 58F Armenian
590 5FF Hebrew
600 6FF Arabic
900 97F Devanagari
980 9FF Bengali
E00 E7F Thai
10A0 10FF Georgian
1100 11FF Hangul Jamo
13A0 13FF Cherokee
1780 17FF Khmer
1800 18AF Mongolian
1C80 1C8F Cyrillic Extended-C
1D00 1D7F Phonetic Extensions
1E00 1EFF Latin Extended Additional
1F00 1FFF Greek Extended
2000 206F General Punctuation
2070 209F Superscripts and Subscripts
20A0 20CF Currency Symbols
20D0 20FF Combining Diacritical Marks for Symbols
2100 214F Letterlike Symbols
2150 218F Number Forms
2190 21FF Arrows
2200 22FF Mathematical Operators
2300 23FF Miscellaneous Technical
2400 243F Control Pictures
2460 24FF Enclosed Alphanumerics
2500 257F Box Drawing
2580 259F Block Elements
25A0 25FF Geometric Shapes
2600 26FF Miscellaneous Symbols
2700 27BF Dingbats
2E00 2E7F Supplemental Punctuation
3000 303F CJK Symbols and Punctuation
3040 309F Hiragana
30A0 30FF Katakana
3130 318F Hangul Compatibility Jamo
3400 4DBF CJK Unified Ideographs Extension A
4E00 9FFF CJK Unified Ideographs
A640 A69F Cyrillic Extended-B
A720 A7FF Latin Extended-D
AB30 AB6F Latin Extended-E
AC00 D7AF Hangul Syllables
D800 DB7F High Surrogates
DB80 DBFF High Private Use Surrogates
DC00 DFFF Low Surrogates
E000 F8FF Private Use Area
F900 FAFF CJK Compatibility Ideographs
FB00 FB4F Alphabetic Presentation Forms
FB50 FDFF Arabic Presentation Forms-A
FE00 FE0F Variation Selectors
FE20 FE2F Combining Half Marks
FE30 FE4F CJK Compatibility Forms
FE50 FE6F Small Form Variants
FE70 FEFF Arabic Presentation Forms-B
FF00 FFEF Halfwidth and Fullwidth Forms
FFF0 FFFF Specials
1D400 1D7FF Mathematical Alphanumeric Symbols
1F100 1F1FF Enclosed Alphanumeric Supplement
1F300 1F5FF Miscellaneous Symbols and Pictographs
1F600 1F64F Emoticons
1F680 1F6FF Transport and Map Symbols
1F900 1F9FF Supplemental Symbols and Pictographs
1FA70 1FAFF Symbols and Pictographs Extended-A
20000 2A6DF CJK Unified Ideographs Extension B
E0000 E007F Tags
E0100 E01EF Variation Selectors Supplement
F0000 FFFFF Supplementary Private Use Area-A
100000 10FFFF Supplementary Private Use Area-B
`,c=[["Lu","Uppercase Letter"],["Ll","Lowercase Letter"],["Lt","Titlecase Letter"],["Lm","Modifier Letter"],["Lo","Other Letter"],["Mn","Nonspacing Mark"],["Mc","Spacing Mark"],["Me","Enclosing Mark"],["Nd","Decimal Number"],["Nl","Letter Number"],["No","Other Number"],["Pc","Connector Punctuation"],["Pd","Dash Punctuation"],["Ps","Open Punctuation"],["Pe","Close Punctuation"],["Pi","Initial Punctuation"],["Pf","Final Punctuation"],["Po","Other Punctuation"],["Sm","Math Symbol"],["Sc","Currency Symbol"],["Sk","Modifier Symbol"],["So","Other Symbol"],["Zs","Space Separator"],["Zl","Line Separator"],["Zp","Paragraph Separator"],["Cc","Control"],["Cf","Format"],["Cs","Surrogate"],["Co","Private Use"],["Cn","Unassigned"]],n,C,m={space:"space",newline:"line break",none:"invisible"};function p(){if(!n){n=new Map;for(let E of O.trim().split(`
`)){let[L,A,...T]=E.split(" ");n.set(parseInt(L,16),{name:T.join(" "),imitates:m[A]??A})}}return n}function u(){return C??=l.trim().split(`
`).map(E=>{let[L,A,...T]=E.split(" ");return{first:parseInt(L,16),last:parseInt(A,16),name:T.join(" ")}}),C}function R(E){return/[A-Z]/.test(E)?`LATIN CAPITAL LETTER ${E}`:/[a-z]/.test(E)?`LATIN SMALL LETTER ${E.toUpperCase()}`:/[0-9]/.test(E)?`DIGIT ${M[Number(E)]}`:P[E]??""}var G=E=>E>=32&&E<=126;function H(E){if(E>=65281&&E<=65374){let L=String.fromCharCode(E-65248);return{name:`FULLWIDTH ${R(L)}`,imitates:L}}if(E>=917536&&E<=917630)return{name:`TAG ${R(String.fromCharCode(E-917504))}`,imitates:"invisible"};if(E===917505)return{name:"LANGUAGE TAG",imitates:"invisible"};if(E===917631)return{name:"CANCEL TAG",imitates:"invisible"};if(E>=65024&&E<=65039)return{name:`VARIATION SELECTOR-${E-65024+1}`,imitates:"invisible"};if(E>=917760&&E<=917999)return{name:`VARIATION SELECTOR-${E-917760+17}`,imitates:"invisible"};if(E<32)return{name:N[E]};if(E===127)return{name:"DELETE"};if(E===133)return{name:"NEXT LINE",imitates:"line break"}}function D(E){for(let[L,A]of c)if(new RegExp(`^\\p{gc=${L}}$`,"u").test(E))return A;return"Unassigned"}function U(E){let L=E.normalize("NFKC");return L.length===1&&L!==E&&G(L.charCodeAt(0))?L:void 0}function K(E){let L=String.fromCodePoint(E),A=p().get(E)??H(E),T=A?.imitates??U(L),e={codePoint:`U+${E.toString(16).toUpperCase().padStart(4,"0")}`,category:D(L)};A?.name&&(e.name=A.name);let t=u().find(i=>E>=i.first&&E<=i.last);return t&&(e.block=t.name),T&&(e.imitates=T===" "?"space":T),e}0&&(module.exports={asciiName,describeCharacter});
