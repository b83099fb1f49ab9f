// zstd fixtures made once with the zstd CLI v1.5.4 (Node 20 has no zstd encoder). Originals come
// from sample-bodies.ts; the sha256 values were taken with sha256sum on the CLI's input files.
//   small:        sampleJsonText(2048, 50, 7)        `zstd -3 small.txt`           single segment, content size, checksum
//   bigSized:     sampleJsonText(200_000, 3, 11)     `zstd -19 big.txt`            single segment, content size, checksum, 2 blocks
//   bigStream19:  same original                      `zstd -19 -c --no-check < big.txt`  no content size, 8 MiB window
//   bigStream3:   same original                      `zstd -3 -c < big.txt`        no content size, 2 MiB window, checksum

export const SMALL_ORIGINAL = { size: 2048, variety: 50, seed: 7 };
export const SMALL_SHA256 = '03611ae48465d2d1b1879c86ed3bd56925a77df7f73e387846737197562ab8f8';
export const BIG_ORIGINAL = { size: 200_000, variety: 3, seed: 11 };
export const BIG_SHA256 = '50d04187def09df5ee3c7b2d842823a8cc835574a8d1d3ba79e59b8514e8b15e';

export const ZSTD_SMALL =
  'KLUv/WQAB30OABbQMyIwiVYH0JJw+9s6GKYcyc5BGgowgLL3b09OlmPMDB4UJFEqKQAsACsAfYTwybyuEiZ+4P4suh69me8A' +
  'pdP0Axowy9gNPDqzgDuFT+OI2T0RrxBXnAGEgcBpOsCgkHOhfGHvS8HztHwGB3F3WCfjiPmQ3CGd7zmCDVrdoSPWF621mGDE' +
  '3V3lC6+1FoySNvOULwmRsE4GQRCWHtmKZhzZR6+T1sdUMMYAFgIpJU6bNu0mKUmS3bVrF1NNNdXUrrWW8kUxM6s9UqtW7XQ0' +
  'TWgtBXSokVkaSEFRKRtzgCIRGcwOEuDgEAwiSMCQpjEBI4g5GSZMkSEdpETnplkHZmbCmeNHkogPByhndq3PNuIJToO/AP1E' +
  'M25SQbnb0jAomz9sphkt/qIDsTEG9HCNe2MFM9lTg0CjwkNKGu2izUYjFpTHgTsQlmimtZVYDvNLnZebwdebxfNWGdTHPZrL' +
  '2HLSMyMtyVdYM0yMRxdV7wfERJOmYlrtr8Ed4Vl/pgvkjicPzzjUoHKedOTmDDjA3fS1IiXnhOZOJ5qQgnAmbig2mb3JMyO6' +
  'w4K/xgb9IwAWbxw6WyU+8KGhPpPDol0mmM1fBuITULeV7YFa2CkVwx9dTHNn';

export const ZSTD_BIG_SIZED =
  'KLUv/aRADQMAtBwAMokdGWB3DtQ38T79j4WdSCBIRyGmljXUoikKDHIxWhpfToxRSkjcylBP9WKJSimB7oktjsCwFAtBcgbS' +
  'M8i9XGlgj883ZlV9WfT+dXZh861NGOW/5p0lW/nL/I0Y+ztlUaKrpXhrBWafrxNT/Xc4zF99sz84/0znAoDoqHFTkBTqMc0B' +
  'QQgBQQgxiCDmIMYeIghAEBACBSFACE4QAoTgVwhWCBo8+QNT+P+O7r8w6Uo77+gsBVc5tN3EnRP8ea48mjDdIoApE2RTynny' +
  'tSa6OC6ufH/uprQ4NC9fuqYcfWRcG9vPFws2qKBX0/f+ltkIXgyRLiJEdbCZMUki5hW2QvDEqM+XmTLBNwG+BKa8LbJvPGba' +
  'YmgmP6YDi81m+OaNe/DB0Vj5N/SSJqlNucgSr8saGZtgPeHwkN6KVAOY5bNufHtPXXk7YJhUhqy7nsuidx7FnW3qKZEjMXg/' +
  '2fnYZQiQe9mGXLnL8N2rl0yluMGb9/s0psGj9Z4AmTdiM30IHechBBZx3gfulZLtNhvgMJYjKtlkEHRl9b4tVx2dblRPW34y' +
  'fiZNxRJBr3GUkKPqMsr0ys5D6wNJJEk3M9PAkyLuMnbd5SCkd11MWzyOD678Sefm61jwX/dtUozptnVniYJ/yuur8v2REuZU' +
  'hCuFer/Srcq4cyFFaWx4mMejY1Joc/eBzSyf4475XrEuRVY03t4qd5xgb3vu3ltOxZEIPMmWEeYVyXg1nnLcJuFnfovTTQ51' +
  'mPXMKYn+FX6iZekdP+mfvC4JOMHfwKdbSZXj3dBhPiLduLSpxWHt1g1VfLlB+Tc6+Loc5+BmHGFet/l6QK7X0CtJL/J5XfKl' +
  'WxGU6IynFfdhd297dbncjtbtO76cEXO6aa26JIE/KWb4SsF9xkVDU36SPX6vNe7jnLth5btbHr7lkrgnrdn77W7Lcolhlw7r' +
  'Hde03zsDkbvR4KcbufSWKet2GlTFe0+bsrjW7ZRrckl4bwFxrVJMfs/BDv6T5/i3EcfZR+VbUR8lhGeTi21LGUy+TbMVj5Oe' +
  '9Ngkyfg0+MPcu1ScV345Ft+re/mH2SuVt+B8qChlN3f7utet0ynuAa+MGkfmmD7GKsrbguHeGOwrMe4rQxXspnuRCSZiYsGz' +
  'PIP9R5sGAJCRJS9OkeAmtu7Lr8SQ8RmKcX9nKJL2UQDoN4M8YQbGv0yE7NbXWoCvrwwMddZQt5CrutaoHStXMrF/nQ0AMCIx' +
  'MjEyMH+o8A1BCOGEYRh0HuMNEkgQOEEh+P//hACc7ycItbgL+rZQfDsf/pdL5u3OjEpgV3i6wULr2/3t+wbHb/SeG783y/Ew' +
  'fb3rV1D/8lxkTGWCWyZeJHkgfZem5QX+lG9M/82Lvy3dFwmuM7juGe1PCp49eTzFu+tFlLpYFp4WOfDr8N1ZrVN2Ybrxsopf' +
  '4eP1Bh6lCnF+6+Rya9RNyh8vymHiUyqzRcmk5JSOkHtXJtibpac0QDgzPVBSCYdPO5gMv3I22t4CgE5JQmxejsXt6q/bBai/' +
  '61+5+JXrm5yB85ZHuWZnvlJzVPHv4EspMXiHMPQe7l12K4ScKfjbUv2YDLcrxWaW70GPZwpetlsWn5FrcnhoOXv8bsjl4BMY' +
  'wYuOLbdbd+VjHf9LHNMyXJI8WsHHEhxOY/YJl0wfGXL777gp+yw3F3pKHbzLbdDGVcunLIxktzCDI5O8+w6bLoqgN1LseDTR' +
  '4FYGKYm/JOdwu7WzJnX6lIhpd3S3fLv49swsXgaXFI+UbJjL4x9ALVxFak7zWk6BMJJh5AfUpZUrxGBGjLbSMQHMe7tnJpAC' +
  'f23L6Q==';

export const ZSTD_BIG_STREAM_19 =
  'KLUv/QBotBwAMokdGWB3DtQ38T79j4WdSCBIRyGmljXUoikKDHIxWhpfToxRSkjcylBP9WKJSimB7oktjsCwFAtBcgbSM8i9' +
  'XGlgj883ZlV9WfT+dXZh861NGOW/5p0lW/nL/I0Y+ztlUaKrpXhrBWafrxNT/Xc4zF99sz84/0znAoDoqHFTkBTqMc0BQQgB' +
  'QQgxiCDmIMYeIghAEBACBSFACE4QAoTgVwhWCBo8+QNT+P+O7r8w6Uo77+gsBVc5tN3EnRP8ea48mjDdIoApE2RTynnytSa6' +
  'OC6ufH/uprQ4NC9fuqYcfWRcG9vPFws2qKBX0/f+ltkIXgyRLiJEdbCZMUki5hW2QvDEqM+XmTLBNwG+BKa8LbJvPGbaYmgm' +
  'P6YDi81m+OaNe/DB0Vj5N/SSJqlNucgSr8saGZtgPeHwkN6KVAOY5bNufHtPXXk7YJhUhqy7nsuidx7FnW3qKZEjMXg/2fnY' +
  'ZQiQe9mGXLnL8N2rl0yluMGb9/s0psGj9Z4AmTdiM30IHechBBZx3gfulZLtNhvgMJYjKtlkEHRl9b4tVx2dblRPW34yfiZN' +
  'xRJBr3GUkKPqMsr0ys5D6wNJJEk3M9PAkyLuMnbd5SCkd11MWzyOD678Sefm61jwX/dtUozptnVniYJ/yuur8v2REuZUhCuF' +
  'er/Srcq4cyFFaWx4mMejY1Joc/eBzSyf4475XrEuRVY03t4qd5xgb3vu3ltOxZEIPMmWEeYVyXg1nnLcJuFnfovTTQ51mPXM' +
  'KYn+FX6iZekdP+mfvC4JOMHfwKdbSZXj3dBhPiLduLSpxWHt1g1VfLlB+Tc6+Loc5+BmHGFet/l6QK7X0CtJL/J5XfKlWxGU' +
  '6IynFfdhd297dbncjtbtO76cEXO6aa26JIE/KWb4SsF9xkVDU36SPX6vNe7jnLth5btbHr7lkrgnrdn77W7Lcolhlw7rHde0' +
  '3zsDkbvR4KcbufSWKet2GlTFe0+bsrjW7ZRrckl4bwFxrVJMfs/BDv6T5/i3EcfZR+VbUR8lhGeTi21LGUy+TbMVj5Oe9Ngk' +
  'yfg0+MPcu1ScV345Ft+re/mH2SuVt+B8qChlN3f7utet0ynuAa+MGkfmmD7GKsrbguHeGOwrMe4rQxXspnuRCSZiYsGzPIP9' +
  'R5sGAJCRJS9OkeAmtu7Lr8SQ8RmKcX9nKJL2UQDoN4M8YQbGv0yE7NbXWoCvrwwMddZQt5CrutaoHStXMrF/nQ0AMCIxMjEy' +
  'MH+o8A1BCOGEYRh0HuMNEkgQOEEh+P//hACc7ycItbgL+rZQfDsf/pdL5u3OjEpgV3i6wULr2/3t+wbHb/SeG783y/Ewfb3r' +
  'V1D/8lxkTGWCWyZeJHkgfZem5QX+lG9M/82Lvy3dFwmuM7juGe1PCp49eTzFu+tFlLpYFp4WOfDr8N1ZrVN2Ybrxsopf4eP1' +
  'Bh6lCnF+6+Rya9RNyh8vymHiUyqzRcmk5JSOkHtXJtibpac0QDgzPVBSCYdPO5gMv3I22t4CgE5JQmxejsXt6q/bBai/61+5' +
  '+JXrm5yB85ZHuWZnvlJzVPHv4EspMXiHMPQe7l12K4ScKfjbUv2YDLcrxWaW70GPZwpetlsWn5FrcnhoOXv8bsjl4BMYwYuO' +
  'Lbdbd+VjHf9LHNMyXJI8WsHHEhxOY/YJl0wfGXL777gp+yw3F3pKHbzLbdDGVcunLIxktzCDI5O8+w6bLoqgN1LseDTR4FYG' +
  'KYm/JOdwu7WzJnX6lIhpd3S3fLv49swsXgaXFI+UbJjL4x9ALVxFak7zWk6BMJJh5AfUpZUrxGBGjLbSMQHMe7tnJpAC';

export const ZSTD_BIG_STREAM_3 =
  'KLUv/QRY5F8AanIMCR9gS5s1mBNvTN1xsB5FIh65o+hB2890KQk/UaUCIORyxABzAHMAqqr/X/1q9f9Vpap/Vf1qVanq/1eV' +
  'WlXqX6lqpVb//1f//1eqWlW/qlbVr/5VVanVX6l/Vf2/qv7/X6lqpapq9f9V9f/qr/7V/1eVejgIXThQGgnU6nAQn4KjURYw' +
  'iaahMCw/gAjnwBiwkECAoVACJBwOouUgCjgcSrMkMBZOcpjHogHTWCyOgzANjUdyGAeJx6IcBAFyFAZGo5wDyXEwUB4HOYrF' +
  'osA0DIXygDFQw0lOk1AUzEFOApLTYBwNByk5ChIHQv+Vqv5/9f9q9VfVr/7VX1W/qqp/9f/Vr6rVr/6VWv2/+ldqVf1/Vf3V' +
  '/1fVr/6VWv1/pf6/qqr/r6p/Vf2/+leVqlZ/parVr/5/VanqX/2V+v/qr1Z/Vf1Vpf6/WlW/qlb/X1WV+lfV/6t/VVW/qlZ/' +
  'VRlVpapVpf7VX6m/qqrVr6p/pf5VpVZ/pf5/parVX/3qr1aV+v/Vr1b/X1Wq+qv/X6lVpapV9at/papVpaqVWv1qVVXqX1X/' +
  'r1bVX6l/parVr6qV+qv/X1Vq9f/Vr6r/r6rVX6m/WlWqWv2/qv7Vr6p/VVUff6VW6v+r/1/9qlr9/69W6q/+VaVW/1/9v1r9' +
  '/19V6l/9qlpVaqWq6v9Xf1Wp6v9Xlfqr6q+qVfX/lar+aqX+v6pW6l9VVfX/qvpX/69Wlfr/aqWq/1/9v1qpVfWrf1X9f6VW' +
  '/19Vf1VVqvr/avVX1f+rAYj0qFQIfwAIekgS8xsEAAGAA8U3ABQgAQUEAgTgA+AXIMAAABDAL/ALCOyA1mnvTRXyPx7MlWC9' +
  'i1n7Nj96To88Mz+28umUTll+l1C9FxEAKZ/AlMpw5TR2g34O3RNjDdRiRmnG72WFL1wyLCY9vD4zpQZZl/tj73lt3E4ItA8s' +
  'UmA/FBUjqfi7Lh/ceBykXTwL+SzK4bg2bmXR3V3JuurvC+rUK6nUCm6wgA/r4EpMU6qNvJpjpfny4yfHzDf7Vb3wvJujDCHg' +
  '4+jFUrPo5H2Wdi9u5cbDHqc4/mNifbPEcCjYLgZDKZ0vBOozQam/N2Z6WwHvfI/3D/kuRf+736K1KvVMs3m/gqys+AgaPS4f' +
  'RTmVGO5M2CVSYbCBwRkshec33kqhoLaEHUefSS/YF3XDs33NRdL7vmbt3Vx6Sf8b+NqXr8n0bulyo/ln9sX4x7Lp3Etp4PCv' +
  'XHw0/qZbVf4qMQzYfzSaKzvciR1wpyeQ4gmPNDr+bq5LyVkbx5R9M+AE93cZX7HLv+tRO/sJz0yu8+PJ73KByKV+hS2deO+L' +
  '5NrrvNjBlwMKceVi/IXxV/kyamOCtLs3r9pmnLg3k7CwOj+/RirLy0o+s09gf4OsPyVN0LT95eSA6Pwo5VUmEADUh4Nb7l9l' +
  'kGlbWaTxj3bMr3wEibbscgnKzyPM7r2EAg6/mPkT+ZvFRVM+/BheYga/3DH4fZRPg8CU5Hh4+xWDjHculnUfSliXPKqyKmbH' +
  'QA1VqcFJ5WspyKgM7xRuK5p5tzmkf5UPl+dlXSeu7Z1bCIxPjIvAVrcZhuULjSpc4pS/nDqq0jOGj5wKDDawOEMCZtFedCsP' +
  'x90VJvXiwaz0/DOHUnwb1bEP+FzPrXTJM+4rbgixrst0UI0LLvvcW7QVASf3F4sL6/wU8ZelBdyEMdjrb/RWmnrbLntQfU3D' +
  'ePdZejzaCsP/t95pO/eHevt9j6n0ux1j3nA55sIZjfNRKhFb1HASUR6LePwzXTO/5n3u98dDKe0JJh6U5XzTfoZhzK9H+a/S' +
  'AdxLJwYeFuVfMQHwxjx/Ja9duXC2Yx5h1X0U8CF034r1Ek4RX+NuRrtK5JJBeJFV3QrOPWaG2HvHHzLYriA4uxZndiatRS4b' +
  'AN3hOhTuMT0b3/IIylv6NX07cnnmBe0nYHD84YRGyl9la8rNFzrlp9oN5PKhmbC8U2hPxoaXfBpSnbmN89abVV9Yo4Mtwba8' +
  '+zAfHuXEBpRutysbicUfdfLVesZZ3tewT760YWLjx9Dn7c7PebGVzLu5H1/hSvBT5NtxK8Ju9soOxtczTSd/sUGP9zjTuxrH' +
  'lHVTahIm+10s7GX5BVNa2w52q+uZDAGfjlyk4ytNKYtfCfDYZxYSfjC7ZOIrHRP+4/WkW+vgtsIFlapMB/CHRYrcyoUB2wxN' +
  'WZNjIM37ryIDNaDeuVq7wrf9+L8rww34eHq51BuM1Z+H7PfGcKVwbz6ZyHLCvk/ui8Mm84guf20uQ7n2vRX09lA9w5XgC8c/' +
  'WpJ//B1eIeWn7ER/5cUA470u1G147QnG353xXOOxYy3H6wWNrHwKMikZaOnjVpqybhaBwf6Xgt8raqzCSwbFCywf2wGUmAYi' +
  '9qo86ZXlC8E/083TRxf8fvmUOFHm7UL3LxXHUn9H9dfGFJ5Xugz5dBPjaa++fJF8yc4lvOrpglTcyuVZtt1KQxczS6T/GDIB' +
  'bgym4JTPEk2X5bxkP9Nyxv+j7Udp5pPZfTGTyaVLM5F+JS/18d3jc1EaZ/u0lc3ubHPOySY3N/2rfBI6LfPJc71SBGPq/Yc5' +
  'GUQnxroF0vJRzKXEXKdxV7jhePmMSVse2w01J/bkATTLxQ0aUswCJYRlh1spENReNdPhhy13JKYeKA7ASwx5srUkW2bA4OIY' +
  'KvXWG2+lQFCb6EyHX6ZQ5guLGaOMvmZlAvv9mEBX0qgqtZsl+73zMy23ctwr/XgXPMPKvPgC/cwFg+8SfdjNd6Pzfc1N0j+O' +
  'lUbJgkfgXTEk8sfMONh/6YcpHy88KzUZh/+4QNDKusSvd2XsKn5RsNLbCnon27x3UeXDNVmpItnvVnJLQtXqMGNY8h7TkGjj' +
  'mR9/+Vzyo/TNN+m/SlNvm68AQfuaDAH/2AklJUth17sS+c9fzNd6m5NmVz6YA166FP7F/gU9XetnGi1QPjPOl8n5MV7PNJ38' +
  'NQYd2kd3/qN8NLtZli+v+hnDcf/LzMSXeENfaVdunO/mT7Eu4OM2XKkp6vrvbjeoJPW+8FYKTbqJTVuvZ6qK7nsxd3DjcVE2' +
  'pT4BIbjrY923fbH76J1EuBxjL+yW1QQkAW1Yc/lRCbqu8zNEFGUnfse0K0Mi7iwmPRhfccsr/hQr6O7rSSh0z3Le743HGx7a' +
  'YxzLfJuYHls+gamW6Ivk9jWhp1yyYAmBH4EJ0Tvs5kD3dTbdba9zAgezKLGtXFDS+YMrGBKN58Oz+KNhTat8MgQuWYQE8e/w' +
  'vt2K0Bc7D2/f5fH5AeuZggl/dxeONs3XcQR8YHS0TGB94VaEPNvewqcfLDzsy6duUuDyU84slGHKn0/LkFVHYcsnhykluqiy' +
  'vd+KAwksKXBD7DOsbNUsHuyU4sOjIISLXPMkV/svl43UA7cbqFsGX4MMDs5gueVd4a0UGGKDuSiwnulk+q+xVnD/b2Yw5XMp' +
  '3yWGN+Mev6ZTxjAJ5MPrA2nTWOftgM/XSOWn88n3ZHcg2q0UQWwxc34zn8GEZfcqE55qV2bO32N0SZXC2Jb/3ptsWwkh6IZw' +
  'zMVnGsX8Nmn5uxzzZbJxcVFQtpyBAr9qhbPJn5JvxFaavOy7fbBUP4rB6XvolH7tKwSL66aZPw6/8vC9PcaqFD+YEl1G89SD' +
  'plRWtnzAcy3N+yTfZIx5sq28OJzy6SW9UnOf4P5NEQCJXylSeT0zcNDf4KbAVlIPMCGJs0EGBw9NMWNfeM5fn+FK+e+CjNpK' +
  't6k3n+J8+xo9g/xNiustyQ3lupXNg/YJSGdfoffTJ/F6di1v88vMyhg7S92PUfP8qRy5K8MLPr0VLrcbstKVy/LsfIoMszX8' +
  'emYhyUeedKjls55AiSnJkO+54J5+g6kr/5kLkX6FJsmmgqq3nzHM+ytGmVQ8d8JS5g1DfVUiMV6Yl781/OunrTy5t6tjXbF8' +
  'zjkp+fIj/xHHC8Ms6/j/8HgLklIucRjb9O2AZh33GLyN3oeCXJgIHV8RQUw8eFDEzzjgsKw0++cfAC0TT2YcAZD9vLwo3G9j' +
  'Ijw7P0H+Cf+EDtCTakl/4n8D+/9j+r//C4Lj1ajyZoj//wHwP/QD0K/rB6C/+3+SXwD+9wf9LwAXeTs6ADoAOgC/WlVV9f+V' +
  'WlX/r1aq+lfqX6nqr1aqWv1V9f+/WqlVValqValq9f+qWlV/papVpVbVr/6/qv6/WlUnqr+qqn+lqlWlqv9f/ar6/6pa/X9V' +
  'qVX1q+r//6paVdX//1WlqpX6/+pfqb9aVWpV/ar6V9X/V+qvBvX/aqWqf/Wrlar+f/WrVfX//1+p6v9XaqWqf6VWlfr/alX9' +
  '6v+rVfVXlfqravWrVaX+v1r91V+plQbqr6rq///VX1Vq9Vfqr6pq9Vfqr1Z/pVaVqv6q+v/qX/2/qlaVWlX/r6rV/1fV/1eq' +
  'qv6qWqnVXxWEz6gj9A8jHOwzRV44E+BAwAUFAAqMICAw+H+Er7UbyRrBBEtRwTN/ZVbs4k/oWp1UyEHKmgM+GCMtMW5g3bO4' +
  'mSCj9tW6NIqCI+WmBuO0Kw8GbG9vO+KByWxvFkmz2XgsnW/HyzbNhxFTemlqSAIXM+vF/th1DTRmKYO/MUholmOakraLpwO+' +
  'pinvchye89fF2dqYDglS7lQ4v72etYy/G4e3x1ixhsYxcLT8GUeBH61XbgGfvxv5TNXvLz0h5eb46Nao1Lyt5mPYUrs0q6S4' +
  'K7xLVMCHZDnlpwYGr2eoxn6vubGtsJyxKzJE/npPBrey+2/zZZpG+UiUvHRZCvuZ8sC+PdY5tlmiysvnKcwybFPSVr4S2OZd' +
  'eJdPcC3Le6Hn7cZZzdgv34B8ZE3hnPtj8rK6p7Lcns+whP8V46Lba0tYv4KWLTmfU8xwsXsFsOD2pLwI7Tx0WWJZxCVi2pRx' +
  '3+DCCB98lGAL17ajnimj/fUkzfYew5Vuj2+nUY6pEflXHgXcZnTzfQ3WauxvmGj5zg/hnCVGvKzN0tY2JfBMxH+IL9tsV2xE' +
  'pE3V00X2/WDM/LDlKjJGhsEJ8k6E5/tAyvl4nt0D1WJmBtHfMi/evmbnGOyzw0n34IpWzQ9eBtEm7qxHPSM2+99J2e3+J7x2' +
  'O8W1GfF0FkYeX2lKN/7m3lx/1MqQlBgXbN97uigbcq4+ZMlSvxXjwfcY0zcu0bdkfqBtMAd8cFBe3l21dr2oTRW2sjaKsKzt' +
  '4xiJ4mgJocNxW/Eae/uMu60nwujGUfng7DkWMzu//90CicazYKlVAps0Sby3h/xWrKLdxdLKfoxpG5SYG/Lvx51mflExJ23M' +
  'V0LKsYP57cJpl/uhwvuK9zKHRXxFDP+NnSnsv4gfrb7MEAAlGLJY1zPDcf8YnZgax/A0mYA9i83fYKK0nxEf9r2swdhKBsp7' +
  'zLPAf9kZVz0/5nml8zOBcOkCbJ9bjazdigxj3I56poz2j5E02xKzld69g71zfJYElf/hsKbNba4hWfl4i0bpq6DyVpYG7oou' +
  'vM+CbZqtiBXfjivOsCxvpfvM6TG/mczSy6cgwNJMXl+bPMLBBb+Sk/PjEWrcuTE5Kbu3sG86mf8vRe3ykRhpqXED1v6ClyFs' +
  '5Q3wBmuV+xm2cb/i3JDtRer2R1eQtHzcoVW6WFTh360YuvGYgux24Y31NWrxpkxwE/57J89uhXTYrrAt47NUmLyVp4ebb2eu' +
  'srx4jM/E1P2JFlG0XFYxt5XeNDa0lNme4+M5w/LOLriN/HUY8S4XKN8fa5Ub76tzRuXxtxyzG8frxBXdVmbL7bA5USXGPDTg' +
  '3swG6OUTgmBZB25rV9rS+HoKAt5KK979h2ZW+bSkkrLLSvvvQmyp9xJEGqpnOA/yi6VsvK+HFe49yy6O4sd4yynvMM3ewhUm' +
  'fubt0R/vvsd9KLPYf2UK5/5VJlCLGZLVfMReuj4Pt2BZrHxpwGYrvnGjmtF8vNcCPmcAlRjwotX9hsX3iF8RW0++ia+0F/u9' +
  'FGdspeUIu/JiimOvDi5GMQhSz8S6/97iwrfieva2kwzCZ+4Q/+NYux/m+w7o5ROJQHkHbvszY3T/BQ023ormONsFzezSb4mR' +
  'Pww2nv8zqGO+lxzwrcji3pWaKf+7VQNb2aX/zQtW2/salyB/P7eJlI9K+aWxgUAvvpA8v57PoUXKxyX8EthARB9eQPL8Vrp/' +
  '7PHclX4biH9ty+k=';
