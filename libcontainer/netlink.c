/* netlink.c - rtnetlink via libmnl. */
#include "netlink.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

static void
close_mnl (struct mnl_socket **nl)
{
  if (*nl)
    (void) mnl_socket_close (*nl);
  *nl = NULL;
}
#define cleanup_mnl __attribute__ ((cleanup (close_mnl)))

/* Send one request with NLM_F_ACK and wait for its ack (or error). */
static int
request_ack (struct nlmsghdr *req, const char *what, struct lc_err *err)
{
  cleanup_mnl struct mnl_socket *nl = NULL;
  cleanup_free char *buf = lc_xmalloc (MNL_SOCKET_BUFFER_SIZE);
  unsigned portid, seq = (unsigned) time (NULL);
  ssize_t n;
  int r;

  nl = mnl_socket_open2 (NETLINK_ROUTE, SOCK_CLOEXEC);
  if (!nl)
    return lc_err_set (err, errno, "%s: open netlink socket", what);
  if (mnl_socket_bind (nl, 0, MNL_SOCKET_AUTOPID) < 0)
    return lc_err_set (err, errno, "%s: bind netlink socket", what);
  portid = mnl_socket_get_portid (nl);
  req->nlmsg_seq = seq;
  if (mnl_socket_sendto (nl, req, req->nlmsg_len) < 0)
    return lc_err_set (err, errno, "%s: send", what);
  for (;;)
    {
      n = mnl_socket_recvfrom (nl, buf, MNL_SOCKET_BUFFER_SIZE);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return lc_err_set (err, errno, "%s: receive", what);
      /* With no callback, an NLMSG_ERROR carrying an error sets errno and
       * returns -1; the ack (error 0) ends with MNL_CB_STOP. */
      r = mnl_cb_run (buf, (size_t) n, seq, portid, NULL, NULL);
      if (r < 0)
        return lc_err_set (err, errno, "%s", what);
      if (r == MNL_CB_STOP)
        return 0;
    }
}

int
lc_netlink_loopback_up (struct lc_err *err)
{
  char buf[NLMSG_ALIGN (sizeof (struct nlmsghdr))
           + NLMSG_ALIGN (sizeof (struct ifinfomsg)) + 64];
  struct nlmsghdr *nlh;
  struct ifinfomsg *ifm;
  unsigned idx = if_nametoindex ("lo");

  if (idx == 0)
    return lc_err_set (err, errno, "find interface 'lo'");
  memset (buf, 0, sizeof buf);
  nlh = mnl_nlmsg_put_header (buf);
  nlh->nlmsg_type = RTM_NEWLINK;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  ifm = mnl_nlmsg_put_extra_header (nlh, sizeof *ifm);
  ifm->ifi_family = AF_UNSPEC;
  ifm->ifi_index = (int) idx;
  ifm->ifi_flags = IFF_UP;
  ifm->ifi_change = IFF_UP;
  return request_ack (nlh, "bring 'lo' up", err);
}
